#!/bin/sh
# Installs vas-view from this folder (the tarball from `make dist`) under PREFIX,
# /usr/local unless given; --uninstall removes it again.
#   ./install.sh [PREFIX]          sudo ./install.sh            (to /usr/local)
#   ./install.sh --uninstall [PREFIX]
# vas-view carries its Swift runtime; it needs the system's libcurl, ncursesw,
# libmpg123 and libout123 (and, for sound, libout123's output modules). This script
# says which are missing, with the package names of the common distributions.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
files="bin/vas-view share/man/man1/vas-view.1 share/bash-completion/completions/vas-view
share/zsh/site-functions/_vas-view share/fish/vendor_completions.d/vas-view.fish
share/doc/vas-view/copyright share/doc/vas-view/debian-depends"
if [ "${1:-}" = "--uninstall" ]; then
    prefix=${2:-/usr/local}
    for file in $files; do rm -f "$prefix/$file"; done
    rmdir "$prefix/share/doc/vas-view" 2>/dev/null || true
    echo "removed vas-view from $prefix"
    exit 0
fi
prefix=${1:-/usr/local}
for file in $files; do
    install -D -m "$( [ "${file%%/*}" = bin ] && echo 755 || echo 644 )" "$here/$file" "$prefix/$file"
done
echo "installed vas-view in $prefix (bin, man page, bash/zsh/fish completions)"
missing=$(ldd "$prefix/bin/vas-view" 2>/dev/null | awk '/not found/ {print $1}')
if [ -n "$missing" ]; then
    echo "vas-view needs these libraries, which this system lacks: $missing"
    echo "  Debian, Ubuntu: apt install libcurl4 libncursesw6 libmpg123-0 libout123-0 mpg123"
    echo "  Fedora:         dnf install libcurl ncurses-libs mpg123-libs"
    echo "  Arch:           pacman -S curl ncurses mpg123"
    exit 1
fi
"$prefix/bin/vas-view" --version
