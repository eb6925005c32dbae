#!/bin/sh
# Installs vas-view from this folder (the tarball from `make dist`) under PREFIX.
usage() {
    cat <<USAGE
usage: ./install.sh [PREFIX]             install under PREFIX (default /usr/local; sudo for it)
       ./install.sh --uninstall [PREFIX] remove what an install put there
       ./install.sh --help
vas-view carries its Swift runtime; it needs the system's libcurl, ncursesw,
libmpg123 and libout123 (and, for sound, libout123's output modules). Before
copying anything this script checks them, and names what is missing with the
package names of the common distributions.
USAGE
}
set -eu
here=$(cd "$(dirname "$0")" && pwd)
files="bin/vas-view share/man/man1/vas-view.1 share/bash-completion/completions/vas-view
share/zsh/site-functions/_vas-view share/fish/vendor_completions.d/vas-view.fish
share/vas-view/sound-check.mp3 share/doc/vas-view/README.md share/doc/vas-view/copyright
share/doc/vas-view/debian-depends"
# Folders this install made, removed again by --uninstall when empty.
made=share/doc/vas-view/made-folders

case "${1:-}" in
-h|--help) usage; exit 0 ;;
--uninstall)
    prefix=${2:-/usr/local}
    [ -e "$prefix/bin/vas-view" ] || { echo "vas-view is not installed in $prefix (no $prefix/bin/vas-view)." >&2; exit 1; }
    folders=$(cat "$prefix/$made" 2>/dev/null || true)
    for file in $files $made; do rm -f "$prefix/$file"; done
    # Deepest first; a folder that holds something else stays.
    for folder in $(printf '%s\n' $folders | awk '{ print length, $0 }' | sort -rn | cut -d' ' -f2-); do
        rmdir "$folder" 2>/dev/null || true
    done
    echo "removed vas-view from $prefix"
    exit 0 ;;
-*) echo "install.sh: unknown option '$1'" >&2; usage >&2; exit 2 ;;
esac
prefix=${1:-/usr/local}

# The libraries first: nothing is copied for a program that could not start.
missing=$(ldd "$here/bin/vas-view" 2>/dev/null | awk '/not found/ {print $1}' | paste -sd' ' -)
if [ -n "$missing" ]; then
    echo "vas-view needs libraries this system lacks: $missing"
    echo "Install them, then run this again:"
    echo "  Debian, Ubuntu: sudo apt install libcurl4 libncursesw6 libmpg123-0 libout123-0 mpg123"
    echo "  Fedora:         sudo dnf install libcurl ncurses-libs mpg123-libs"
    echo "  Arch:           sudo pacman -S curl ncurses mpg123"
    echo "Nothing was installed."
    exit 1
fi

new_folders=""
for file in $files; do
    folder=$(dirname "$prefix/$file")
    while [ ! -d "$folder" ]; do new_folders="$new_folders $folder"; folder=$(dirname "$folder"); done
    mode=644; [ "${file%%/*}" = bin ] && mode=755
    install -D -m "$mode" "$here/$file" "$prefix/$file"
done
printf '%s\n' $new_folders | sort -u | grep . > "$prefix/$made" || : > "$prefix/$made"
echo "installed vas-view in $prefix (bin, man page, bash/zsh/fish completions)"
"$prefix/bin/vas-view" --version
case ":$PATH:" in
*":$prefix/bin:"*) ;;
*) echo "note: $prefix/bin is not on your PATH; add it (export PATH=\"$prefix/bin:\$PATH\") or run $prefix/bin/vas-view" ;;
esac
command -v man >/dev/null 2>&1 || echo "note: 'man vas-view' needs man (on Debian: sudo apt install man-db)"
