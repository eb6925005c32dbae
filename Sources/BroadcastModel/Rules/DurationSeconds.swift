extension Duration {
    /// The duration in seconds, as a Double (for clocks shown on screen and in traces).
    public var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }

    /// Whole milliseconds, rounded down (for C timeouts).
    public var inMilliseconds: Int {
        Int(components.seconds) * 1000 + Int(components.attoseconds / 1_000_000_000_000_000)
    }

    /// For people and logs: "0.7 s" under ten seconds, whole seconds above ("12 s").
    public var secondsText: String {
        let value = inSeconds
        if value < 10 { return "\((value * 10).rounded() / 10) s" }
        return "\(Int(value.rounded())) s"
    }
}
