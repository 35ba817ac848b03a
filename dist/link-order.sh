#!/usr/bin/env bash
# `dist/link-order.sh BINARY [NM] [--names]`: prints, for lld's `--symbol-ordering-file`, the
# symbols of BINARY (a build with symbols, of any target; NM is a `nm` that reads it, default
# `nm`) whose functions are in dist/startup-order.txt, in that file's order; with `--names`, the
# listed names it found instead (to tell how stale the list is).
#
# Why: `kestrel wasm hello.wasm` runs about 900 functions spread over 2.6 MB of code, and the
# kernel maps the page-cache-resident code around each page it faults in (fault-around, 64 KiB);
# so scattered start-up code costs most of the binary text in resident memory. Linking the
# start-up functions next to each other keeps that to a few hundred KiB (issue 26, footprint).
#
# dist/startup-order.txt names functions as demangled paths without Rust's hash suffix, so one
# list serves every target and every build; a name matches all the symbols that demangle to it
# (generic instances included). A stale list costs memory, never correctness: names it lacks are
# placed as the linker would place them anyway.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
binary=${1:?usage: dist/link-order.sh BINARY [NM] [--names]}
nm=${2:-nm}
names=${3:-}
# Two listings of the same symbol table in its own order (-p), mangled and demangled, line by
# line; the demangled name loses any `::h<16 hex>` hash suffix (llvm-nm keeps it).
paste -d '\t' \
    <("$nm" -p --defined-only "$binary" | awk '{ print $2 "\t" $3 }') \
    <("$nm" -p --defined-only --demangle "$binary" | cut -d ' ' -f 3- |
        sed -E 's/::h[0-9a-f]{16}$//') |
    awk -F '\t' -v list="$here/startup-order.txt" -v names="$names" '
        BEGIN {
            while ((getline line < list) > 0) {
                if (line == "" || line ~ /^#/) continue
                if (!(line in rank)) rank[line] = ++n
            }
        }
        # Functions only (text symbols, and glibc'"'"'s IFUNC resolvers, which a static binary runs
        # at start-up), whose demangled name is listed.
        $1 ~ /^[tTwWi]$/ && ($3 in rank) {
            syms[rank[$3]] = syms[rank[$3]] (names == "--names" ? $3 : $2) "\n"
        }
        END { for (i = 1; i <= n; i++) printf "%s", syms[i] }'
