#!/usr/bin/env bash
# The import rules, proven (docs/architecture.md, "How the compiler keeps these rules"): for each
# rule, a probe file that breaks it is put into the module for one build, which must fail with
# the rule's own error. A control probe that breaks no rule must build, so a failure is the
# rule's and not the probe's. Builds go to .build-probe, so the main build is left as it was.
set -u
cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}
SCRATCH=.build-probe
probe=""
trap '[ -n "$probe" ] && rm -f "$probe"' EXIT INT TERM

# run TARGET SOURCE EXPECTED: EXPECTED empty means the build must succeed.
failures=0
run() {
    local target=$1 source=$2 expected=$3
    probe="Sources/$target/ImportProbe_DoNotCommit.swift"
    printf '%s\n' "$source" > "$probe"
    local output status
    output=$("$SWIFT" build --scratch-path "$SCRATCH" --target "$target" 2>&1)
    status=$?
    rm -f "$probe"; probe=""
    local first; first=$(printf '%s' "$source" | head -1)
    if [ -z "$expected" ]; then
        if [ $status -eq 0 ]; then echo "ok: $target builds with «$first» (control)"
        else echo "FAIL: the control probe in $target did not build:"; printf '%s\n' "$output" | grep -E "error" | head -5; failures=$((failures + 1)); fi
    elif [ $status -ne 0 ] && printf '%s' "$output" | grep -qF "$expected"; then
        echo "ok: $target refuses «$first» ($expected)"
    else
        echo "FAIL: $target accepted «$first», or failed for another reason (expected: $expected):"
        printf '%s\n' "$output" | grep -E "error" | head -5
        failures=$((failures + 1))
    fi
}

run BroadcastModel 'import Collections
let probeDeque: Deque<Int> = []' ""
run BroadcastModel 'import Foundation' "BroadcastModel_may_not_import_Foundation"
run BroadcastModel 'import Glibc' "BroadcastModel_may_not_import_Glibc"
run BroadcastModel 'import Synchronization' "BroadcastModel_may_not_import_Synchronization"
run BroadcastModel 'func probe() { Task { } }' "cannot find 'Task' in scope"
run BroadcastCore 'import CNcurses' "BroadcastCore_may_not_import_CNcurses"
run BroadcastCore 'import Foundation' "BroadcastCore_may_not_import_Foundation"
run ViewerTUI 'import ArgumentParser' "ViewerTUI_may_not_import_ArgumentParser"
run ViewerTUI 'import Foundation' "ViewerTUI_may_not_import_Foundation"
run vas-view 'import Foundation' "vas_view_may_not_import_Foundation"

if [ $failures -ne 0 ]; then echo "import rules: $failures probe(s) failed"; exit 1; fi
echo "import rules: every probe as expected"
