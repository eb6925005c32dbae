// Thin wrappers around ncursesw for Swift: attributes, key codes and several
// calls are macros, and the wide-character API is hidden without NCURSES_WIDECHAR.
#ifndef VAS_NCURSES_SHIM_H
#define VAS_NCURSES_SHIM_H
#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <pthread.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>
#include <ncursesw/curses.h>

static inline int vas_locale_is_utf8(void) {
    const char *codeset = nl_langinfo(CODESET);
    return codeset != NULL && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0);
}

/// The user's locale; if its characters are not UTF-8 (LANG=C), a UTF-8 one for
/// characters only, so that Chinese and Japanese can be drawn. Returns "" when the
/// user's own locale is UTF-8, the name of the one used instead, or NULL when the
/// system has none (the caller falls back to plain lines and says why).
static inline const char *vas_setlocale_utf8(void) {
    setlocale(LC_ALL, "");
    if (vas_locale_is_utf8()) return "";
    static const char *const candidates[] = {"C.UTF-8", "C.utf8", "en_US.UTF-8", "en_US.utf8", NULL};
    for (int i = 0; candidates[i] != NULL; i++) {
        if (setlocale(LC_CTYPE, candidates[i]) != NULL && vas_locale_is_utf8()) return candidates[i];
    }
    setlocale(LC_ALL, "");
    return NULL;
}

/// newterm, not initscr: an unknown TERM returns NULL instead of exiting.
static inline SCREEN *vas_newterm(void) { return newterm(NULL, stdout, stdin); }

static inline void vas_setup(void) {
    raw();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    /* Home and End as terminals send them whatever TERM says (tmux and screen send ESC[1~
       and ESC[4~ while TERM=xterm-256color expects ESC OH and ESC OF): without these, the
       End the status bar asks for did nothing. */
    define_key("\033[1~", KEY_HOME);
    define_key("\033[4~", KEY_END);
    define_key("\033[7~", KEY_HOME);
    define_key("\033[8~", KEY_END);
    define_key("\033[H", KEY_HOME);
    define_key("\033[F", KEY_END);
    define_key("\033OH", KEY_HOME);
    define_key("\033OF", KEY_END);
    nodelay(stdscr, TRUE);
    curs_set(0);
    set_escdelay(25);
    mousemask(BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
    mouseinterval(0);
    if (has_colors()) {
        start_color();
        use_default_colors();
    }
}

/// Terminal resizes wake the UI thread: SIGWINCH may be delivered to any thread, so
/// its handler only writes a byte to a pipe the UI thread polls (async-signal-safe).
static int vas_resize_fd = -1;
static inline void vas_on_sigwinch(int number) {
    (void)number;
    if (vas_resize_fd >= 0) { char byte = 1; ssize_t ignored = write(vas_resize_fd, &byte, 1); (void)ignored; }
}
static inline void vas_watch_resizes(int fd) {
    vas_resize_fd = fd;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = vas_on_sigwinch;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGWINCH, &action, NULL);
}
/// Ctrl-Z in raw mode is a key, not a signal: the viewer suspends itself as less and vim do.
/// The terminal is restored (endwin), the process stops with SIGTSTP's default action (the
/// shell says "Stopped"), and after SIGCONT (`fg`) the screen is taken again; the caller
/// redraws every cell. ncurses' own SIGTSTP handler, if any, is put back afterwards.
static inline void vas_suspend(void) {
    endwin();
    fflush(stdout);
    struct sigaction dfl, old;
    memset(&dfl, 0, sizeof dfl);
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    sigaction(SIGTSTP, &dfl, &old);
    sigset_t tstp, before;
    sigemptyset(&tstp);
    sigaddset(&tstp, SIGTSTP);
    pthread_sigmask(SIG_UNBLOCK, &tstp, &before);
    raise(SIGTSTP);  /* this thread, unblocked: stopped before it returns */
    pthread_sigmask(SIG_SETMASK, &before, NULL);
    sigaction(SIGTSTP, &old, NULL);
    reset_prog_mode();
    clearok(curscr, TRUE);
    refresh();
}

/// Tells ncurses the terminal's size now (it queues KEY_RESIZE when it changed).
static inline void vas_apply_resize(void) {
    struct winsize size;
    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_row > 0 && size.ws_col > 0) {
        if (is_term_resized(size.ws_row, size.ws_col)) resizeterm(size.ws_row, size.ws_col);
    }
}

static inline int vas_rows(void) { int y, x; getmaxyx(stdscr, y, x); (void)x; return y; }
static inline int vas_cols(void) { int y, x; getmaxyx(stdscr, y, x); (void)y; return x; }
static inline int vas_colors(void) { return has_colors() ? COLORS : 0; }
static inline int vas_color_pairs(void) { return has_colors() ? COLOR_PAIRS : 0; }
static inline int vas_init_pair(short pair, short fg, short bg) { return init_pair(pair, fg, bg); }

static inline attr_t vas_a_normal(void) { return A_NORMAL; }
static inline attr_t vas_a_bold(void) { return A_BOLD; }
static inline attr_t vas_a_dim(void) { return A_DIM; }
static inline attr_t vas_a_reverse(void) { return A_REVERSE; }
static inline attr_t vas_a_underline(void) { return A_UNDERLINE; }

/// Draws one cell: a base character and its combining marks (at most CCHARW_MAX - 1 of them).
static inline int vas_put_cell(int y, int x, const wchar_t *text, attr_t attrs, short pair) {
    cchar_t cell;
    if (setcchar(&cell, text, attrs, pair, NULL) != OK) return ERR;
    return mvadd_wch(y, x, &cell);
}
static inline int vas_ccharw_max(void) { return CCHARW_MAX; }

/// One key: returns OK with a character, KEY_CODE_YES with a key code, or ERR.
static inline int vas_get_key(wint_t *key) { return get_wch(key); }
static inline int vas_mouse_wheel(void) {
    MEVENT event;
    if (getmouse(&event) != OK) return 0;
    if (event.bstate & BUTTON4_PRESSED) return -1;
    if (event.bstate & BUTTON5_PRESSED) return 1;
    return 0;
}

static const int VAS_KEY_CODE_YES = KEY_CODE_YES;
static const int VAS_KEY_UP = KEY_UP;
static const int VAS_KEY_DOWN = KEY_DOWN;
static const int VAS_KEY_PPAGE = KEY_PPAGE;
static const int VAS_KEY_NPAGE = KEY_NPAGE;
static const int VAS_KEY_HOME = KEY_HOME;
static const int VAS_KEY_END = KEY_END;
static const int VAS_KEY_BTAB = KEY_BTAB;
static const int VAS_KEY_ENTER = KEY_ENTER;
static const int VAS_KEY_BACKSPACE = KEY_BACKSPACE;
static const int VAS_KEY_RESIZE = KEY_RESIZE;
static const int VAS_KEY_MOUSE = KEY_MOUSE;


#endif
