import BroadcastCore
import BroadcastModel

/// Everything the full-screen viewer reacts to, by one path: the loop turns keys and
/// resizes into messages, and the inbox carries the rest (session updates, speech
/// events, what the front end itself has to say, what a save did).
public enum ViewerMessage: Sendable {
    case key(Key)
    /// The screen's size changed (or was first measured).
    case resized(columns: Int, rows: Int)
    case update(SessionUpdate)
    case speech(SpeechPlayer.Event)
    /// Something the front end itself has to say.
    case note(String, ViewerUI.Notice.Level)
    /// The autosave journal opened at this path.
    case autosaving(String)
    /// `s` wrote the transcript here.
    case saved(String)
    /// `s` could not write it, and why.
    case saveFailed(String)
    /// A signal arrived: leave with this exit code.
    case interrupted(Int32)
}

/// What the update function asks the world to do; the loop performs it.
public enum ViewerEffect: Equatable, Sendable {
    /// Leave the viewer with this exit code and these last words (on standard error).
    case exit(code: Int32, farewell: String?)
    /// Ask the source for another language; it says `languageSelected` when it has it.
    case selectLanguage(String)
    /// Write the transcript (`s`), in the language shown; the answer comes back as `saved` or `saveFailed`.
    case save(language: String?)
    /// Ask the source for speech on or off; it says `speech(on:reason:)` when it is.
    case setSpeech(Bool)
    case mute(Bool)
    case skipSpeech
    case volume(Int)
    /// Ask a replay for a new pace; it says `paced` when it has it.
    case pace(ReplayPace)
    /// Draw the whole screen again (Ctrl-L, a resize).
    case redraw
    /// Ctrl-Z: give the terminal back to the shell (restored), stop until `fg`, then draw it all again.
    case suspend
    /// The person typed the password (nil: gave up): answer the prompt with it.
    case answerPassword(PasswordPrompt, String?)
    /// The session waits for the password: the full screen shows its box (`passwordEntry`),
    /// plain mode asks on the terminal.
    case askPassword(PasswordPrompt)
}
