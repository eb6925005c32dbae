#!/bin/sh
# make dist: the viewer built optimised with the Swift runtime linked in, stripped, and
# packaged twice into dist/: a Debian package and a tarball for other distributions.
#   dist/vas-view_VERSION_ARCH.deb            (apt-get install ./vas-view_…deb)
#   dist/vas-view-VERSION-linux-MACHINE.tar.gz (tar xzf …; sudo ./install.sh)
# The .deb's Depends is found from the binary (dpkg-shlibdeps on its ELF NEEDED entries,
# and the package that owns the output modules libout123 loads), never typed by hand.
# docs/install.md says what is in each and why.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
SWIFT=${SWIFT:-swift}
build=${DIST_BUILD:-.build-dist}

version=$(sed -n 's/.*static let version = "\(.*\)".*/\1/p' Sources/ViewerTUI/Output/Program.swift)
arch=$(dpkg --print-architecture)
machine=$(uname -m)
[ -n "$version" ] || { echo "dist: no version in Sources/ViewerTUI/Output/Program.swift" >&2; exit 1; }

echo "dist: building vas-view $version (release, Swift runtime linked in)"
"$SWIFT" build -c release --product vas-view --static-swift-stdlib --scratch-path "$build"
binary="$build/release/vas-view"

rm -rf dist/stage dist/*.deb dist/*.tar.gz
stage=dist/stage/deb
install -d "$stage/DEBIAN" "$stage/usr/bin" "$stage/usr/share/man/man1" \
    "$stage/usr/share/bash-completion/completions" "$stage/usr/share/zsh/vendor-completions" \
    "$stage/usr/share/fish/vendor_completions.d" "$stage/usr/share/doc/vas-view"
strip --strip-all -o "$stage/usr/bin/vas-view" "$binary"
chmod 755 "$stage/usr/bin/vas-view"
gzip -9n < docs/vas-view.1 > "$stage/usr/share/man/man1/vas-view.1.gz"
# The completions come from the program itself, so they always match its options.
"$stage/usr/bin/vas-view" --generate-completion-script bash > "$stage/usr/share/bash-completion/completions/vas-view"
"$stage/usr/bin/vas-view" --generate-completion-script zsh > "$stage/usr/share/zsh/vendor-completions/_vas-view"
"$stage/usr/bin/vas-view" --generate-completion-script fish > "$stage/usr/share/fish/vendor_completions.d/vas-view.fish"
cp scripts/dist/copyright "$stage/usr/share/doc/vas-view/copyright"
cp README.md "$stage/usr/share/doc/vas-view/README.md"
# `vas-view speak /usr/share/vas-view/sound-check.mp3` checks a sound setup without a broadcast.
install -d "$stage/usr/share/vas-view"
cp Tests/Fixtures/audio/sid1-en.mp3 "$stage/usr/share/vas-view/sound-check.mp3"
built=$("$stage/usr/bin/vas-view" --version)

# Depends: the packages of the shared libraries the binary names (NEEDED), with the
# lowest versions their symbols files allow…
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/debian"
printf 'Source: vas-view\n\nPackage: vas-view\nArchitecture: any\n' > "$work/debian/control"
cp "$stage/usr/bin/vas-view" "$work/vas-view"
libraries=$(cd "$work" && dpkg-shlibdeps -O -e vas-view 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
[ -n "$libraries" ] || { echo "dist: dpkg-shlibdeps found no libraries" >&2; exit 1; }
# …and the package that brings libout123's output modules (ALSA, PulseAudio), which it
# loads at run time from a folder compiled into it: without them, no sound.
out123=$(ldd "$binary" | awk '/libout123/ {print $3}')
modules=$(strings "$out123" | grep -m1 '^/.*/mpg123$' || true)
sound=""
if [ -n "$modules" ]; then
    sound=$(dpkg -S "$modules/output_alsa.so" "$modules/output_pulse.so" 2>/dev/null | cut -d: -f1 | sort -u | paste -sd, - | sed 's/,/, /g')
fi
[ -n "$sound" ] || { echo "dist: cannot tell which package brings libout123's output modules" >&2; exit 1; }
depends="$libraries, $sound"
size=$(du -sk "$stage/usr" | cut -f1)
cat > "$stage/DEBIAN/control" <<CONTROL
Package: vas-view
Version: $version
Architecture: $arch
Maintainer: vas-view developers <vas-view@localhost>
Installed-Size: $size
Depends: $depends
Section: net
Priority: optional
Homepage: https://vas-poc.vurbo.ai
Description: terminal viewer for live, translated subtitles (VAS broadcasts)
 vas-view shows a VAS broadcast as it happens: the original speech and its
 translation side by side, speaker names, a standby screen before the talk,
 spoken translation (TTS), password prompts and language keys. It keeps an
 autosave journal, replays recordings and exports text, JSON, SRT and WebVTT.
 Built from commit: $built.
CONTROL
deb="dist/vas-view_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$stage" "$deb" >/dev/null

# The tarball: the same files under one folder, and an installer for any distribution.
name="vas-view-$version-linux-$machine"
tree="dist/stage/$name"
install -d "$tree/bin" "$tree/share/man/man1" "$tree/share/bash-completion/completions" \
    "$tree/share/zsh/site-functions" "$tree/share/fish/vendor_completions.d" "$tree/share/doc/vas-view" \
    "$tree/share/vas-view"
cp "$stage/usr/bin/vas-view" "$tree/bin/"
cp docs/vas-view.1 "$tree/share/man/man1/"
cp "$stage/usr/share/bash-completion/completions/vas-view" "$tree/share/bash-completion/completions/"
cp "$stage/usr/share/zsh/vendor-completions/_vas-view" "$tree/share/zsh/site-functions/"
cp "$stage/usr/share/fish/vendor_completions.d/vas-view.fish" "$tree/share/fish/vendor_completions.d/"
cp scripts/dist/copyright README.md "$tree/share/doc/vas-view/"
cp "$stage/usr/share/vas-view/sound-check.mp3" "$tree/share/vas-view/"
cp README.md "$tree/README.md"
cp scripts/dist/install.sh "$tree/install.sh"
chmod 755 "$tree/install.sh"
printf '%s\n' "$depends" > "$tree/share/doc/vas-view/debian-depends"
tar -C dist/stage --owner=0 --group=0 --sort=name -czf "dist/$name.tar.gz" "$name"
stripped=$(stat -c %s "$stage/usr/bin/vas-view")
rm -rf dist/stage

echo "dist: $built"
echo "dist: binary $(stat -c %s "$binary") bytes as built, $stripped bytes stripped"
echo "dist: Depends: $depends"
ls -l dist/*.deb dist/*.tar.gz | awk '{print "dist:", $5, $NF}'
