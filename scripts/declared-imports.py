#!/usr/bin/env python3
"""Every module a target imports is one it declares (Package.swift), or the system's.

SwiftPM's --explicit-target-dependency-import-check does not see a package product reached
through another target (ViewerTUI importing Collections through BroadcastModel built; tried
with Swift 6.3.1), so this reads `swift package dump-package` and each target's `import` lines.
"""
import json, os, re, subprocess, sys

SYSTEM = {"Swift", "Foundation", "FoundationEssentials", "FoundationInternationalization",
          "FoundationNetworking", "Glibc", "Musl", "Dispatch", "Synchronization", "_Concurrency",
          "Testing", "XCTest", "PackagePlugin"}
# A product's name and the modules it brings, where they differ.
PRODUCT_MODULES = {"Collections": {"Collections", "OrderedCollections", "DequeModule",
                                   "HeapModule", "BitCollections", "HashTreeCollections"}}

swift = os.environ.get("SWIFT", "swift")
package = json.loads(subprocess.run([swift, "package", "dump-package"], check=True,
                                    capture_output=True, text=True).stdout)
problems = []
for target in package["targets"]:
    if target["type"] in ("system", "plugin"):
        continue
    name = target["name"]
    path = target.get("path") or ("Tests/" if target["type"] == "test" else "Sources/") + name
    declared = set()
    for dependency in target["dependencies"]:
        dep = list(dependency.values())[0][0]
        declared |= PRODUCT_MODULES.get(dep, {dep.replace("-", "_")})
    for folder, _, files in os.walk(path):
        for file in files:
            if not file.endswith(".swift"):
                continue
            source = os.path.join(folder, file)
            for number, line in enumerate(open(source, encoding="utf-8"), 1):
                match = re.match(r"(?:@\w+(?:\([^)]*\))?\s+)*import\s+(?:(?:struct|class|enum|func|protocol|typealias|var|let)\s+)?(\w+)", line)
                if match and match.group(1) not in SYSTEM | declared:
                    problems.append(f"{source}:{number}: {name} imports {match.group(1)}, which it does not declare")
for problem in problems:
    print(problem)
if problems:
    sys.exit(1)
print(f"declared imports: every import of every target is declared ({len(package['targets'])} targets)")
