#!/bin/sh
# Installs (or, with --uninstall, removes) vas-view, vas-sim, the man page and the
# shell completions under PREFIX. `make install` / `make uninstall` call this.
#   scripts/install.sh BUILD_DIR PREFIX [DESTDIR]
#   scripts/install.sh --uninstall PREFIX [DESTDIR]
set -eu
if [ "$1" = "--uninstall" ]; then
    prefix=$2; dest=${3:-}
    rm -f "$dest$prefix/bin/vas-view" "$dest$prefix/bin/vas-sim" \
          "$dest$prefix/share/man/man1/vas-view.1" \
          "$dest$prefix/share/bash-completion/completions/vas-view" \
          "$dest$prefix/share/zsh/site-functions/_vas-view" \
          "$dest$prefix/share/fish/vendor_completions.d/vas-view.fish"
    echo "removed vas-view from $dest$prefix"
    exit 0
fi
build=$1; prefix=$2; dest=${3:-}
here=$(cd "$(dirname "$0")/.." && pwd)
install -d "$dest$prefix/bin" "$dest$prefix/share/man/man1" \
           "$dest$prefix/share/bash-completion/completions" \
           "$dest$prefix/share/zsh/site-functions" \
           "$dest$prefix/share/fish/vendor_completions.d"
install -m 755 "$build/vas-view" "$dest$prefix/bin/vas-view"
install -m 755 "$build/vas-sim" "$dest$prefix/bin/vas-sim"
install -m 644 "$here/docs/vas-view.1" "$dest$prefix/share/man/man1/vas-view.1"
# The completions come from the program itself, so they always match its options.
"$build/vas-view" --generate-completion-script bash > "$dest$prefix/share/bash-completion/completions/vas-view"
"$build/vas-view" --generate-completion-script zsh > "$dest$prefix/share/zsh/site-functions/_vas-view"
"$build/vas-view" --generate-completion-script fish > "$dest$prefix/share/fish/vendor_completions.d/vas-view.fish"
echo "installed vas-view in $dest$prefix (bin, man page, bash/zsh/fish completions)"
