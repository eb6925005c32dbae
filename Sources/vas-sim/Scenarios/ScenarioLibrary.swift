/// The scenarios built into vas-sim, by name.
enum ScenarioLibrary {
    static let names = ["demo", "live", "password", "queue", "flaky", "hostile", "short"]

    static func text(named name: String) -> String? {
        switch name {
        case "demo": demoScenarioJSONLines
        case "live": live
        case "password": password
        case "queue": queue
        case "flaky": flaky
        case "hostile": hostile
        case "short": short
        default: nil
        }
    }

    /// Three sentences, then the end: the smallest complete broadcast.
    /// No script: in standby until its host drives it over the WebSocket API (docs/vas-sim.md).
    static let live = #"{"broadcast":{"name":"Live broadcast","recognition_mode":"single","phase":"standby","host_driven":true,"translation_languages":[],"tts_languages":[]}}"# + "\n"

    static let shortTalk = #"""
        {"at":0,"event":"phase_changed","data":{"phase":"live","message":"Broadcast has started"}}
        {"at":0.2,"event":"origin","data":{"sid":1,"text":"大家好","is_final":false,"language":"zh-TW","start_time":"00:01"}}
        {"at":0.4,"event":"origin","data":{"sid":1,"text":"大家好，歡迎。","is_final":true,"language":"zh-TW","start_time":"00:01"}}
        {"at":0.6,"event":"translation","data":{"sid":1,"language":"en-US","text":"Hello everyone, welcome.","is_final":true}}
        {"at":0.7,"event":"translation","data":{"sid":1,"language":"ja-JP","text":"皆さん、ようこそ。","is_final":true}}
        {"at":1.0,"event":"origin","data":{"sid":2,"text":"今天的主題是圖書館。","is_final":true,"language":"zh-TW","start_time":"00:04"}}
        {"at":1.2,"event":"translation","data":{"sid":2,"language":"en-US","text":"Today's topic is the library.","is_final":true}}
        {"at":1.3,"event":"translation","data":{"sid":2,"language":"ja-JP","text":"今日のテーマは図書館です。","is_final":true}}
        {"at":1.6,"event":"origin","data":{"sid":3,"text":"謝謝大家。","is_final":true,"language":"zh-TW","start_time":"00:08"}}
        {"at":1.8,"event":"translation","data":{"sid":3,"language":"en-US","text":"Thank you all.","is_final":true}}
        {"at":1.9,"event":"translation","data":{"sid":3,"language":"ja-JP","text":"ありがとうございました。","is_final":true}}
        """#

    static let short = #"{"broadcast":{"name":"Short talk","recognition_mode":"single","phase":"standby"}}"# + "\n" + shortTalk + "\n"
        + #"{"at":2.5,"event":"ended","data":{"message":"Broadcast has ended"}}"#

    /// Password-protected; the host changes the password half-way.
    static let password = #"{"broadcast":{"name":"Members only","recognition_mode":"single","phase":"live","password":"open sesame"}}"#
        + "\n" + shortTalk + "\n" + #"""
        {"at":2.2,"control":"password","password":"new sesame"}
        {"at":3.0,"event":"origin","data":{"sid":4,"text":"密碼換了以後繼續。","is_final":true,"language":"zh-TW","start_time":"00:12"}}
        {"at":3.2,"event":"translation","data":{"sid":4,"language":"en-US","text":"We go on after the password change.","is_final":true}}
        {"at":4.0,"event":"ended","data":{"message":"Broadcast has ended"}}
        """#

    /// A full broadcast: the viewer waits in the queue, moves up, and is admitted.
    static let queue = #"{"broadcast":{"name":"Popular talk","recognition_mode":"single","phase":"live","max_viewers":2}}"# + "\n"
        + #"""
        {"at":0,"control":"phantoms","active":2,"queued":2}
        {"at":1.0,"control":"phantoms","active":2,"queued":1}
        {"at":2.0,"control":"phantoms","active":2,"queued":0}
        {"at":3.0,"control":"phantoms","active":1,"queued":0}
        """# + "\n" + shifted(shortTalk, by: 3.5) + "\n"
        + #"{"at":6.0,"event":"ended","data":{"message":"Broadcast has ended"}}"#

    /// Drops, a drop in the middle of an event, and a stall the watchdog must catch.
    static let flaky = #"{"broadcast":{"name":"Flaky network","recognition_mode":"single","phase":"live"}}"# + "\n"
        + shortTalk + "\n" + #"""
        {"at":2.0,"control":"drop-mid-event"}
        {"at":3.0,"event":"origin","data":{"sid":4,"text":"重新連線之後。","is_final":true,"language":"zh-TW","start_time":"00:12"}}
        {"at":3.1,"event":"translation","data":{"sid":4,"language":"en-US","text":"After reconnecting.","is_final":true}}
        {"at":3.5,"control":"stall","seconds":6}
        {"at":7.0,"event":"origin","data":{"sid":5,"text":"停頓之後。","is_final":true,"language":"zh-TW","start_time":"00:16"}}
        {"at":7.1,"event":"translation","data":{"sid":5,"language":"en-US","text":"After the stall.","is_final":true}}
        {"at":7.5,"control":"drop"}
        {"at":8.5,"event":"origin","data":{"sid":6,"text":"最後一句。","is_final":true,"language":"zh-TW","start_time":"00:20"}}
        {"at":8.6,"event":"translation","data":{"sid":6,"language":"en-US","text":"The last sentence.","is_final":true}}
        {"at":9.5,"event":"ended","data":{"message":"Broadcast has ended"}}
        """#

    /// Everything a hostile or broken server might send.
    static let hostile = #"{"broadcast":{"name":"\u001b]0;pwned\u0007Hostile","recognition_mode":"multi_speaker","phase":"live"}}"# + "\n"
        + #"""
        {"at":0.1,"event":"origin","data":{"sid":1,"text":"title\u001b]0;pwned\u0007 clear\u001b[2J\u001b[H osc52\u001b]52;c;ZXZpbA==\u0007 bidi\u202eevil\u202c end","is_final":true,"language":"zh-TW","speaker_id":"\u001b[31mMallory","start_time":"00:01"}}
        {"at":0.2,"event":"translation","data":{"sid":1,"language":"en-US","text":"link \u001b]8;;http://evil.example\u001b\\here\u001b]8;;\u001b\\ \u009b2J c1","is_final":true}}
        {"at":0.3,"control":"raw","base64":"ZXZlbnQ6IG9yaWdpbgpkYXRhOiB7InNpZCI6MiwidGV4dCI6ImJhZCB1dGY4IP/+IGhlcmUiLCJpc19maW5hbCI6dHJ1ZX0KCg=="}
        {"at":0.35,"control":"giant-line","bytes":20000000}
        {"at":0.4,"control":"raw","text":"event: origin\ndata: {\"sid\": \n\n"}
        {"at":0.5,"control":"raw","text":"event: mystery_event\ndata: {}\n\n"}
        {"at":0.6,"event":"announcement","data":{"message":"\u001bc\u001b[?1049hreset attempt"}}
        {"at":0.7,"event":"origin","data":{"sid":3,"text":"still here","is_final":true,"language":"zh-TW","start_time":"00:05"}}
        {"at":0.8,"event":"translation","data":{"sid":3,"language":"en-US","text":"Still here.","is_final":true}}
        {"at":0.9,"event":"origin","data":{"sid":4,"text":"iso\u2066lat\u2067ed\u2068 al\u2069one","is_final":true,"language":"zh-TW","start_time":"00:07"}}
        {"at":1.0,"event":"translation","data":{"sid":4,"language":"en-US","text":"Isolates\u2069 alone.","is_final":true}}
        {"at":1.5,"event":"ended","data":{"message":"Broadcast has ended"}}
        """#

    /// Moves every line of a script later by `seconds`.
    static func shifted(_ text: String, by seconds: Double) -> String {
        text.split(separator: "\n").map { line in
            guard let range = line.range(of: #"{"at":"#),
                  let end = line[range.upperBound...].firstIndex(of: ","),
                  let at = Double(line[range.upperBound..<end])
            else { return String(line) }
            return #"{"at":"# + String(at + seconds) + String(line[end...])
        }.joined(separator: "\n")
    }
}
