#!/usr/bin/env bash
# The mobile binding's suite, run by scripts/test after the Rust steps (and runnable alone):
#   1. installs what it needs when missing: a JDK and JNA (Debian packages), JetBrains' Kotlin
#      compiler (npm, pinned in bindings-mobile/kotlin-tools/package-lock.json);
#   2. generates the Kotlin, Swift and Python sources with generate.sh;
#   3. compiles the generated Kotlin with the Kotlin test, the Kotlin quickstart and the
#      READMEs' Kotlin examples; runs the test (boundary, errors, coroutines, callbacks, threads,
#      the quickstart figures, rates over the ECB history in ../shared/data/ecb, imports of the
#      bank files in ../shared/data), the README examples, and the quickstart, whose output must
#      equal the Rust quickstart's;
#   4. runs the quickstart, rates and imports scenarios through the generated Python
#      (system python3, no venv);
#   5. checks the generated Swift declares the expected API and fits the Swift quickstart
#      (no Swift compiler is reachable here: Swift is generated and inspected, not compiled).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
started=$SECONDS
mobile="$root/bindings-mobile"
work="$root/target/mobile-test"
# The ECB reference rates and the bank files shared by every suite, beside the checkout (never
# copied into it).
shared="$root/../shared/data"
ecb="$shared/ecb"
for file in ecb/eurofxref-hist.zip crate-ofx-rs/tests/fixtures/mercury-checking.ofx \
  camt053-newinnovations/doc/test-camt053.xml actual-loot-core/data-with-categories.qif \
  crate-mt940/tests/data/mt940/full/sparkasse/buxtehude.sta crate-qif_parser/data/autoswitch.qif; do
  [[ -f "$shared/$file" ]] || { echo "missing $shared/$file" >&2; exit 1; }
done
mkdir -p "$work"
phase() { printf -- '--- %s (%ss)\n' "$*" "$((SECONDS - started))"; }

phase "tools"
need=()
command -v java >/dev/null 2>&1 || need+=(default-jdk-headless)
[[ -f /usr/share/java/jna.jar ]] || need+=(libjna-java)
command -v npm >/dev/null 2>&1 || need+=(npm)
if ((${#need[@]})); then
  sudo=()
  [[ $(id -u) -eq 0 ]] || sudo=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
(cd "$mobile/kotlin-tools" && npm install --no-audit --no-fund --loglevel=error)
kotlin="$mobile/kotlin-tools/node_modules/kotlin-compiler"
classpath_libs="$kotlin/lib/kotlin-stdlib.jar:$kotlin/lib/kotlinx-coroutines-core-jvm.jar:/usr/share/java/jna.jar"
java -version 2>&1 | head -1
echo "kotlinc $(cat "$kotlin/build.txt")"

phase "generate Kotlin, Swift and Python"
# The workspace selection and features scripts/test already built: nothing is rebuilt. A caller
# may narrow it (e.g. TALLY_MOBILE_CARGO_ARGS="-p tally-mobile -p uniffi-bindgen" to run this
# suite alone, or while another crate of the workspace does not build).
TALLY_MOBILE_CARGO_ARGS="${TALLY_MOBILE_CARGO_ARGS:---workspace --all-features}" \
  "$mobile/generate.sh" "$work/generated"
generated="$work/generated"

phase "compile Kotlin (generated + tests + examples/mobile/kotlin + the READMEs' Kotlin)"
# Every ```kotlin block of the two READMEs becomes a source file, and a main() runs them.
readme="$work/readme-kotlin"
rm -rf "$readme" && mkdir -p "$readme"
python3 - "$readme" README.md bindings-mobile/README.md <<'PY'
import re, sys
out = sys.argv[1]
for n, path in enumerate(sys.argv[2:]):
    blocks = re.findall(r"```kotlin\n(.*?)```", open(path).read(), re.S)
    for m, block in enumerate(blocks):
        open(f"{out}/Readme{n}_{m}.kt", "w").write(f"// from {path}\n{block}")
PY
cat >"$readme/ReadmeMain.kt" <<'KT'
// Runs the READMEs' Kotlin examples (functions of the default package) in a scratch folder.
import app.tally.*
import java.io.File
import kotlinx.coroutines.runBlocking

fun main(args: Array<String>) = runBlocking {
    val scratch = File(args[0]).also { it.deleteRecursively(); it.mkdirs() }
    firstBook(File(scratch, "root").also { it.mkdirs() })
    showBook(File(scratch, "mobile").also { it.mkdirs() })
    showBook(File(scratch, "mobile"))          // again: the book and accounts exist now
    travelMoney(File(scratch, "mobile"), File(args[1]))
    importStatement(File(scratch, "mobile"), File(args[2]))
    Engine.inMemory().use { engine ->
        val user = engine.users().create(NewUser("plan@example.com", "Sam", "Rivera", "EUR"))
        val book = engine.createBook(NewBook("Plans", user.id, "EUR"))
        fun make(path: String, kind: AccountKind) = book.accounts().create(NewAccount(path, kind, AccountSubtype.OTHER, "EUR")).id
        val checking = make("Assets:Bank:Checking", AccountKind.ASSET)
        val savings = make("Assets:Bank:Savings", AccountKind.ASSET)
        val uncategorized = make("Expenses:Uncategorized", AccountKind.EXPENSE)
        make("Expenses:Coffee", AccountKind.EXPENSE)
        val groceries = make("Expenses:Groceries", AccountKind.EXPENSE)
        categorizeImports(book, checking, uncategorized)
        planMonth(book, checking, savings, groceries)
        val broker = book.accounts().create(NewAccount("Assets:Broker", AccountKind.ASSET, AccountSubtype.INVESTMENT, "EUR")).id
        investments(book, broker, checking, make("Income:Capital Gains", AccountKind.INCOME))
    }
    println("README examples ran")
}
KT
sources=("$generated/kotlin/app/tally/tally.kt" "$mobile/tests/kotlin/BindingTest.kt" "$root"/examples/mobile/kotlin/*.kt "$readme"/*.kt)
# kotlinc takes most of a minute: skip it when neither the sources nor the compiler changed.
stamp=$(cat "${sources[@]}" "$kotlin/build.txt" | sha256sum | cut -d' ' -f1)
jar="$work/kotlin-tests.jar"
if [[ -f "$jar" && "$(cat "$work/kotlin-tests.stamp" 2>/dev/null)" == "$stamp" ]]; then
  echo "up to date ($jar)"
else
  rm -f "$jar"
  "$kotlin/bin/kotlinc" -nowarn "${sources[@]}" \
    -cp "/usr/share/java/jna.jar:$kotlin/lib/kotlinx-coroutines-core-jvm.jar" -d "$jar"
  echo "$stamp" >"$work/kotlin-tests.stamp"
fi
run_kotlin() {
  RUST_BACKTRACE=0 java -Djna.library.path="$generated/lib" -cp "$jar:$classpath_libs" "$@"
}

phase "Kotlin test"
run_kotlin app.tally.tests.BindingTestKt "$root/examples/data" "$work/kotlin-scratch" "$ecb" "$shared"

phase "the READMEs' Kotlin examples"
run_kotlin ReadmeMainKt "$work/readme-scratch" "$ecb/eurofxref-hist.zip" \
  "$shared/crate-ofx-rs/tests/fixtures/mercury-checking.ofx"

phase "Kotlin quickstart (output must equal the Rust quickstart's)"
book="$work/quickstart.sqlite"
cargo run --locked --quiet -p tally-examples --example quickstart -- "$book" >"$work/quickstart-rust.txt"
run_kotlin app.tally.examples.QuickstartKt "$root/examples/data" "$book" | tee "$work/quickstart-kotlin.txt"
diff -u "$work/quickstart-rust.txt" "$work/quickstart-kotlin.txt"
echo "same output as the Rust quickstart"

phase "Python scenario (UniFFI's Python output)"
python3 "$mobile/tests/python/scenario.py" "$generated/python" "$root/examples/data" "$ecb" "$shared"

phase "Swift: generated, checked, not compiled"
python3 "$mobile/tests/swift/check_api.py" "$generated/swift" "$root/examples/mobile/swift/Quickstart.swift" \
  "$mobile/README.md"

phase "mobile suite passed"
