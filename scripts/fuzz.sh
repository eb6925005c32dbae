#!/usr/bin/env bash
# make fuzz: each libFuzzer target for SECONDS (default 60), from the committed seeds
# plus the corpus grown by earlier runs. A crash leaves its input in .build/fuzz/crashes/;
# copy it to Tests/Fixtures/fuzz-regressions/TARGET-NAME and `make test` replays it.
set -uo pipefail
seconds=${1:-60}
fuzzer=.build/fuzz/release/vas-fuzz
status=0
for target in sse events reducer audio wrap; do
    corpus=.build/fuzz/corpus/$target
    mkdir -p "$corpus" .build/fuzz/crashes
    log=.build/fuzz/$target.log
    VAS_FUZZ_TARGET=$target "$fuzzer" -max_total_time="$seconds" -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix=".build/fuzz/crashes/$target-" \
        "$corpus" "Tests/Fixtures/fuzz/$target" >"$log" 2>&1
    code=$?
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
    peak=$(grep -o 'stat::peak_rss_mb: *[0-9]*' "$log" | grep -o '[0-9]*$')
    if [ $code -eq 0 ]; then
        echo "$target: ${runs:-?} runs in ${seconds} s, no crash, peak RSS ${peak:-?} MB, corpus $(ls "$corpus" | wc -l) inputs"
    else
        echo "$target: CRASH after ${runs:-?} runs (exit $code); input in .build/fuzz/crashes/, log $log"
        grep -m 5 -E "ERROR|Fatal error|precondition" "$log"
        status=1
    fi
done
exit $status
