"""Checks the generated Swift of the mobile binding, since no Swift compiler is reachable here.

1. Tally.swift declares the expected API: every object with its methods (sync, async and
   throwing as the Rust facade makes them; the imports group included), the records, enums,
   custom types, the error enum and the two protocols the host implements (EventListener,
   Clock); TallyFFI.h and the modulemap name the C side.
2. examples/mobile/swift/Quickstart.swift and the ```swift blocks of the binding's README only
   call generated functions and initialisers with argument labels they have (a rename in the
   binding breaks this check, not an app developer).

Usage: python3 check_api.py <generated swift dir> <Quickstart.swift> [README.md]
Prints `N passed, N failed` and exits non-zero on any failure. Standard library only.
"""

import re
import sys
from pathlib import Path

swift_dir = Path(sys.argv[1])
quickstart = Path(sys.argv[2]).read_text()
# The README's Swift blocks are checked like the quickstart (they are not compiled either).
readme_swift = []
if len(sys.argv) > 3:
    readme_swift = re.findall(r"```swift\n(.*?)```", Path(sys.argv[3]).read_text(), re.S)
raw = (swift_dir / "Tally.swift").read_text()
# Doc comments and line breaks would get in the way of one-line patterns.
source = re.sub(r"\s+", " ", re.sub(r"/\*.*?\*/", " ", raw, flags=re.S))

passed = 0
failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {name} {detail}")


def protocol_block(name):
    match = re.search(r"public protocol %s\b[^{]*\{(.*?)\}" % name, source)
    return match.group(1) if match else ""


OBJECTS = {
    "Engine": [
        "func booksOf(userId: UserId) throws -> [BookInfo]",
        "func createBook(new: NewBook) throws -> Book",
        "func openBook(bookId: BookId, userId: UserId) throws -> Book",
        "func users() -> Users",
        "func withClock(clock: Clock) -> Engine",
    ],
    "Users": [
        "func create(new: NewUser) throws -> User",
        "func get(id: UserId) throws -> User",
        "func byEmail(email: String) throws -> User?",
    ],
    "Book": [
        "func id() -> BookId",
        "func info() -> BookInfo",
        "func actor() -> UserId",
        "func engine() -> Engine",
        "func accounts() -> Accounts",
        "func transactions() -> Transactions",
        "func commodities() -> Commodities",
        "func rates() -> Rates",
        "func imports() -> Imports",
        "func reports() -> Reports",
        "func members() throws -> [Member]",
        "func addMember(userId: UserId, role: Role) throws",
        "func auditLog(page: PageRequest) throws -> AuditPage",
        "func subscribe(listener: EventListener) -> SubscriptionId",
        "func unsubscribe(id: SubscriptionId) -> Bool",
    ],
    "Accounts": [
        "func create(new: NewAccount) throws -> Account",
        "func list() throws -> [Account]",
        "func get(id: AccountId) throws -> Account",
        "func byPath(path: String) throws -> Account",
        "func update(id: AccountId, update: AccountUpdate) throws -> Account",
        "func close(id: AccountId, on: IsoDate) throws -> Account",
        "func balances(asOf: IsoDate?) throws -> [AccountBalance]",
        "func balancesAsync(asOf: IsoDate?) async throws -> [AccountBalance]",
        "func balancesIn(asOf: IsoDate?, options: ValuationOptions) throws -> ValuedBalances",
        "func balancesInAsync(asOf: IsoDate?, options: ValuationOptions) async throws -> ValuedBalances",
        "func register(id: AccountId, includeDescendants: Bool, page: PageRequest) throws -> RegisterPage",
        "func registerAsync(id: AccountId, includeDescendants: Bool, page: PageRequest) async throws -> RegisterPage",
        "func addAssertion(new: NewBalanceAssertion) throws -> BalanceAssertion",
        "func assertions() throws -> [BalanceAssertion]",
        "func deleteAssertion(id: AssertionId) throws",
        "func checkAssertions() throws -> [AssertionResult]",
    ],
    "Transactions": [
        "func add(new: NewTransaction) throws -> Transaction",
        "func addBatch(batch: [NewTransaction]) throws -> [TransactionId]",
        "func addBatchAsync(batch: [NewTransaction]) async throws -> [TransactionId]",
        "func get(id: TransactionId) throws -> Transaction",
        "func edit(id: TransactionId, new: NewTransaction, options: EditOptions) throws -> Transaction",
        "func setStatus(id: TransactionId, status: Status, options: EditOptions) throws -> Transaction",
        "func delete(id: TransactionId, options: EditOptions) throws -> Transaction",
        "func restore(id: TransactionId) throws -> Transaction",
        "func reverse(id: TransactionId, date: IsoDate?) throws -> Transaction",
        "func search(filter: TransactionFilter, page: PageRequest) throws -> TransactionPage",
        "func searchAsync(filter: TransactionFilter, page: PageRequest) async throws -> TransactionPage",
        "func expense(date: IsoDate, from: AccountId, category: AccountId, amount: Amount, payee: String) throws -> Transaction",
        "func income(date: IsoDate, to: AccountId, category: AccountId, amount: Amount, payee: String) throws -> Transaction",
        "func transfer(date: IsoDate, from: AccountId, to: AccountId, amount: Amount) throws -> Transaction",
        "func splitPurchase(date: IsoDate, from: AccountId, payee: String, parts: [SplitPart]) throws -> Transaction",
        "func exchange(new: NewExchange) throws -> Transaction",
    ],
    "Commodities": [
        "func define(new: NewCommodity) throws -> Commodity",
        "func list() throws -> [Commodity]",
        "func get(code: String) throws -> Commodity",
    ],
    "Reports": [
        "func spendingByCategory(from: IsoDate, to: IsoDate) throws -> [CategoryAmount]",
        "func spendingByCategoryAsync(from: IsoDate, to: IsoDate) async throws -> [CategoryAmount]",
        "func incomeByCategory(from: IsoDate, to: IsoDate) throws -> [CategoryAmount]",
        "func incomeByCategoryAsync(from: IsoDate, to: IsoDate) async throws -> [CategoryAmount]",
        "func netWorth(asOf: IsoDate?, options: ValuationOptions) throws -> NetWorth",
        "func netWorthAsync(asOf: IsoDate?, options: ValuationOptions) async throws -> NetWorth",
        "func spendingByCategoryIn(from: IsoDate, to: IsoDate, options: ValuationOptions) throws -> ValuedCategories",
        "func spendingByCategoryInAsync(from: IsoDate, to: IsoDate, options: ValuationOptions) async throws -> ValuedCategories",
        "func incomeByCategoryIn(from: IsoDate, to: IsoDate, options: ValuationOptions) throws -> ValuedCategories",
        "func incomeByCategoryInAsync(from: IsoDate, to: IsoDate, options: ValuationOptions) async throws -> ValuedCategories",
        "func fxGain(account: AccountId, from: IsoDate, to: IsoDate, options: ValuationOptions) throws -> FxGain",
        "func fxGainAsync(account: AccountId, from: IsoDate, to: IsoDate, options: ValuationOptions) async throws -> FxGain",
    ],
    "Rates": [
        "func add(rate: Rate) throws -> LoadReport",
        "func addMany(rates: [Rate]) throws -> LoadReport",
        "func addManyAsync(rates: [Rate]) async throws -> LoadReport",
        "func load(bytes: Data, options: LoadOptions) throws -> LoadReport",
        "func loadAsync(bytes: Data, options: LoadOptions) async throws -> LoadReport",
        "func loadFile(path: String, options: LoadOptions) throws -> LoadReport",
        "func loadFileAsync(path: String, options: LoadOptions) async throws -> LoadReport",
        "func list(filter: RateFilter) throws -> [Rate]",
        "func listAsync(filter: RateFilter) async throws -> [Rate]",
        "func delete(base: String, quote: String, date: IsoDate) throws",
        "func lookup(base: String, quote: String, date: IsoDate, options: LookupOptions) throws -> RateQuote",
        "func convert(amount: Amount, from: String, to: String, date: IsoDate, options: ConvertOptions) throws -> Conversion",
    ],
    "Imports": [
        "func parse(bytes: Data, options: ParseOptions) throws -> [Statement]",
        "func parseAsync(bytes: Data, options: ParseOptions) async throws -> [Statement]",
        "func parseFile(path: String, options: ParseOptions) throws -> [Statement]",
        "func parseFileAsync(path: String, options: ParseOptions) async throws -> [Statement]",
        "func suggestCsvProfile(bytes: Data, fileName: String) throws -> String",
        "func importFile(path: String, parseOptions: ParseOptions, importOptions: ImportOptions) throws -> ImportResult",
        "func importFileAsync(path: String, parseOptions: ParseOptions, importOptions: ImportOptions) async throws -> ImportResult",
        "func importBytes(bytes: Data, parseOptions: ParseOptions, importOptions: ImportOptions) throws -> ImportResult",
        "func importBytesAsync(bytes: Data, parseOptions: ParseOptions, importOptions: ImportOptions) async throws -> ImportResult",
        "func undo(transactionIds: [TransactionId]) throws -> UInt64",
        "func createConnection(connection: NewConnection, key: Data?) throws -> Connection",
        "func connections() throws -> [Connection]",
        "func connection(id: ConnectionId) throws -> Connection",
        "func updateConnection(id: ConnectionId, update: ConnectionUpdate) throws -> Connection",
        "func revealToken(id: ConnectionId, key: Data) throws -> String?",
        "func deleteConnection(id: ConnectionId) throws",
        "func sync(id: ConnectionId, pages: [Data]) throws -> SyncResult",
        "func saveCsvProfile(name: String, profile: String, header: [String]) throws -> SavedCsvProfile",
        "func csvProfiles() throws -> [SavedCsvProfile]",
        "func batches() throws -> [ImportBatch]",
        "func undoBatch(id: ImportBatchId) throws -> ImportBatch",
    ],
    "Categorizer": [
        "func settings() throws -> CategorizerSettings",
        "func setSettings(settings: CategorizerSettings) throws -> CategorizerSettings",
        "func createRule(new: NewRule) throws -> CategorizationRule",
        "func rule(id: Int64) throws -> CategorizationRule",
        "func rules() throws -> [CategorizationRule]",
        "func updateRule(id: Int64, new: NewRule) throws -> CategorizationRule",
        "func deleteRule(id: Int64) throws",
        "func setEnabled(id: Int64, enabled: Bool) throws -> CategorizationRule",
        "func enableRule(id: Int64) throws -> CategorizationRule",
        "func disableRule(id: Int64) throws -> CategorizationRule",
        "func reorderRules(ids: [Int64]) throws -> [CategorizationRule]",
        "func testRule(rule: NewRule) throws -> [RuleChange]",
        "func testRuleAsync(rule: NewRule) async throws -> [RuleChange]",
        "func applyRules(filter: TransactionFilter) throws -> [RuleChange]",
        "func applyRulesAsync(filter: TransactionFilter) async throws -> [RuleChange]",
        "func categorize(ids: [TransactionId]) throws -> [TransactionDecision]",
        "func categorizeAsync(ids: [TransactionId]) async throws -> [TransactionDecision]",
        "func decision(id: TransactionId) throws -> TransactionDecision?",
        "func reviewQueue(page: PageRequest) throws -> ReviewPage",
        "func correct(id: TransactionId, category: AccountId) throws -> Correction",
        "func acceptProposal(proposal: RuleProposal) throws -> CategorizationRule",
        "func payeeMemory() throws -> [PayeeMemoryRow]",
        "func train(request: TrainRequest) throws -> ModelInfo",
        "func trainAsync(request: TrainRequest) async throws -> ModelInfo",
        "func models() throws -> [ModelInfo]",
        "func activate(version: Int64) throws -> ModelInfo",
        "func queuedExamples() throws -> UInt64",
    ],
    "Budgets": [
        "func create(new: NewBudget) throws -> Budget",
        "func get(id: BudgetId) throws -> Budget",
        "func list() throws -> [Budget]",
        "func update(id: BudgetId, update: BudgetUpdate) throws -> Budget",
        "func delete(id: BudgetId) throws",
        "func setAllocation(budget: BudgetId, period: IsoDate, account: AccountId, amount: Amount) throws -> Allocation",
        "func setAllocations(budget: BudgetId, allocations: [NewAllocation]) throws -> [Allocation]",
        "func allocations(budget: BudgetId, period: IsoDate) throws -> [Allocation]",
        "func moveMoney(budget: BudgetId, period: IsoDate, from: AccountId?, to: AccountId?, amount: Amount) throws -> [Allocation]",
        "func assign(budget: BudgetId, period: IsoDate, account: AccountId, amount: Amount) throws -> [Allocation]",
        "func applyTemplates(budget: BudgetId, period: IsoDate, rounding: Rounding) throws -> TemplateReport",
        "func status(budget: BudgetId, date: IsoDate) throws -> BudgetStatus",
        "func statusAsync(budget: BudgetId, date: IsoDate) async throws -> BudgetStatus",
    ],
    "Goals": [
        "func create(new: NewGoal) throws -> Goal",
        "func get(id: GoalId) throws -> Goal",
        "func list() throws -> [Goal]",
        "func update(id: GoalId, update: GoalUpdate) throws -> Goal",
        "func archive(id: GoalId) throws -> Goal",
        "func unarchive(id: GoalId) throws -> Goal",
        "func contribute(id: GoalId, contribution: NewContribution) throws -> Contribution",
        "func contributions(id: GoalId) throws -> [Contribution]",
        "func progress(id: GoalId) throws -> GoalProgress",
    ],
    "Alerts": [
        "func list(filter: AlertFilter) throws -> [Alert]",
        "func markRead(ids: [AlertId]) throws",
        "func dismiss(ids: [AlertId]) throws",
        "func settings() throws -> AlertSettings",
        "func setSettings(settings: AlertSettings) throws -> AlertSettings",
        "func evaluate() throws -> [Alert]",
        "func evaluateAsync() async throws -> [Alert]",
    ],
    "Portfolio": [
        "func defineSecurity(new: NewSecurity) throws -> Security",
        "func classify(code: String, assetClass: AssetClass, currency: String) throws -> Security",
        "func securities() throws -> [Security]",
        "func security(code: String) throws -> Security",
        "func setBookingMethod(account: AccountId, method: BookingMethod) throws",
        "func bookingMethod(account: AccountId) throws -> BookingMethod",
        "func buy(request: BuyRequest) throws -> Transaction",
        "func sell(request: SellRequest) throws -> Sale",
        "func lots(filter: LotFilter) throws -> [Lot]",
        "func realizedGains(filter: LotFilter) throws -> [RealizedGain]",
        "func holdings(request: HoldingsRequest) throws -> Holdings",
        "func holdingsAsync(request: HoldingsRequest) async throws -> Holdings",
        "func incomeReceived(request: IncomeRequest) throws -> Transaction",
        "func reinvest(request: ReinvestRequest) throws -> Transaction",
        "func fee(request: FeeRequest) throws -> Transaction",
        "func split(request: SplitRequest) throws -> Transaction",
        "func transferInKind(request: TransferRequest) throws -> Transaction",
        "func returnOfCapital(request: ReturnOfCapitalRequest) throws -> Transaction",
        "func income(from: IsoDate, to: IsoDate, account: AccountId?) throws -> [IncomeRow]",
        "func operations(kind: OperationKind) throws -> [TransactionId]",
        "func setTargets(account: AccountId?, targets: [TargetWeight]) throws",
        "func targets(account: AccountId?) throws -> [TargetWeight]",
        "func loadPrices(bytes: Data, file: String) throws -> LoadReport",
    ],
}

for obj, methods in OBJECTS.items():
    check(f"open class {obj}", re.search(r"open class %s: %sProtocol" % (obj, obj), source) is not None)
    block = re.sub(r"\s+", " ", protocol_block(obj + "Protocol"))
    for method in methods:
        check(f"{obj}.{method}", method in block, "not in the generated protocol")

DECLARATIONS = [
    r"public static func `open`\(path: String\) ?throws -> Engine",
    r"public static func inMemory\(\) ?throws -> Engine",
    r"public protocol EventListener: AnyObject, Sendable \{ func onEvent\(bookId: BookId, event: Event\) \}",
    r"public protocol Clock: AnyObject, Sendable \{ func now\(\) -> Timestamp \}",
    r"enum TallyError: Swift\.Error",
    r"public func code\(\) -> String",
    r"public func kind\(\) -> String",
    r"public func field\(\) -> String\?",
    r"public func detail\(\) -> String",
    r"public func file\(\) -> String\?",
    r"public func line\(\) -> UInt64\?",
    r"open func load\(bytes: Data, options: LoadOptions = LoadOptions\(\)\)",
    r"open func convert\(amount: Amount, from: String, to: String, date: IsoDate, options: ConvertOptions = ConvertOptions\(\)\)",
    r"public struct RateQuote: Equatable, Hashable \{[^}]*\} public func ageDays\(\) -> Int64",
    r"public init\( ?currency: String, valuation: Valuation\? = nil, rateDate: IsoDate\? = nil, maxAgeDays: UInt32\? = nil, rounding: Rounding\? = nil\)",
    r"public init\( ?maxAgeDays: UInt32 = UInt32\(7\)\)",
    r"public var fxAccount: AccountId\?",
    r"case ratesChanged\(added: UInt64, replaced: UInt64, deleted: UInt64 ?\)",
    r"case rate\b",
    r"case ecbZip",
    r"case historical",
    r"case halfEven",
    r"public typealias Amount = String",
    r"public typealias IsoDate = String",
    r"public typealias Timestamp = Date",
    r"public typealias AccountId = Int64",
    r"public typealias TransactionId = Int64",
    r"public typealias SubscriptionId = UInt64",
    r"case transactionsAdded\(ids: \[TransactionId\] ?\)",
    r"case creditCard",
    r"case `import`",
    # Imports: the options' defaults (null means the core's), the records' shapes, the enums.
    r"open func parse\(bytes: Data, options: ParseOptions = ParseOptions\(\)\)",
    r"open func parseFile\(path: String, options: ParseOptions = ParseOptions\(\)\)",
    r"public init\( ?format: StatementFormat\? = nil, fileName: String\? = nil, csv: String\? = nil, "
    r"qifDateOrder: DateOrder\? = nil, camtSkipBalanceCheck: Bool = false, syncDateIfMissing: IsoDate\? = nil, csvProfileName: String\? = nil\)",
    r"public init\( ?account: AccountId, counterAccount: AccountId, mode: ImportMode\? = nil, dryRun: Bool\? = nil, "
    r"reimportDeleted: Bool\? = nil, matchDays: UInt32\? = nil, linkScore: UInt32\? = nil, "
    r"candidateScore: UInt32\? = nil, assertBalance: Bool\? = nil\)",
    r"public init\( ?format: StatementFormat, file: String, account: StatementAccount, start: IsoDate\?, end: IsoDate\?, "
    r"openingBalance: StatedBalance\?, closingBalance: StatedBalance\?, availableBalance: StatedBalance\?, "
    r"lines: \[StatementLine\], investments: \[InvestmentLine\], securities: \[SecurityInfo\]\)",
    r"public var amount: Amount public var date: IsoDate public var currency: String\?",
    r"public var index: UInt64 public var line: UInt64 public var status: LineStatus public var fingerprint: String "
    r"public var transactionId: TransactionId\? public var score: UInt32\? public var reasons: \[String\] "
    r"public var field: String\?",
    r"public var transactionIds: \[TransactionId\] public var balanceCheck: AssertionResult\?",
    r"public var units: Amount\? public var unitPrice: Amount\? public var total: Amount\? public var fees: Amount\?",
    r"case camt053\b",
    r"case mt940\b",
    r"case goCardless\b",
    r"case simpleFin\b",
    r"case lenient\b",
    r"case conflicting\b",
    r"case rejected\b",
    r"case monthDay\b",
    r"case yearMonthDay\b",
    # Categorizer, budgets, goals, alerts.
    r"public func payeeContainsRule\(needle: String, category: String\) -> NewRule",
    r"public init\( ?name: String, condition: String, actions: String, stage: Stage\? = nil, priority: Int32 = 0, enabled: Bool = true\)",
    r"public var decidedBy: String public var ruleId: Int64\?",
    r"case alertRaised\(alert: Alert ?\)",
    r"case budgetThreshold\b",
    r"case weekly\(weekStart: Weekday ?\)",
    r"case saveToward\(accounts: \[AccountId\] ?\)",
    r"case fixedAmount\(amount: Amount ?\)",
    r"case returnToPool\b",
    r"case onTrack\b",
    r"public typealias BudgetId = Int64",
    r"public typealias AlertId = Int64",
    r"public func book\b|open func categorizer\(\) -> Categorizer",
    r"open func budgets\(\) -> Budgets",
    r"open func goals\(\) -> Goals",
    r"open func alerts\(\) -> Alerts",
    r"open func portfolio\(\) -> Portfolio",
    r"public func xirr\(flows: \[CashFlow\], dayCount: DayCount\? = nil\) -> Amount\?",
    r"case securityDefined\(code: String ?\)",
    r"case act365F\b|case act365f\b",
    r"public typealias LotId = Int64",
]
for variant in ["Validation", "NotFound", "Conflict", "Permission", "Storage", "Import"]:
    DECLARATIONS.append(
        r"case %s\( ?code: String, ?field: String\?, ?detail: String, ?file: String\?, ?line: UInt64\? ?\)" % variant
    )
RECORDS = [
    "User", "NewUser", "Member", "BookInfo", "NewBook", "Account", "NewAccount", "AccountUpdate",
    "Commodity", "NewCommodity", "UnitPrice", "Split", "NewSplit", "Transaction", "NewTransaction",
    "SplitPart", "EditOptions", "PageRequest", "TransactionFilter", "TransactionPage",
    "AccountBalance", "CategoryAmount", "RegisterRow", "RegisterPage", "NewBalanceAssertion",
    "BalanceAssertion", "AssertionResult", "AuditEntry", "AuditPage", "Rate", "RateFilter",
    "LookupOptions", "LoadOptions", "LoadReport", "RateLeg", "RateQuote", "Conversion",
    "ConvertOptions", "NewExchange", "ValuationOptions", "Unconverted", "ValuedBalances", "NetWorth",
    "ValuedCategories", "FxGain", "Statement", "StatementAccount", "StatedBalance", "StatementLine",
    "LineSplit", "InvestmentLine", "SecurityInfo", "ParseOptions", "ImportOptions", "LineOutcome",
    "ImportResult",
]
ENUMS = [
    "AccountKind", "AccountSubtype", "Status", "Source", "Role", "CommodityKind", "SortOrder",
    "AuditAction", "EntityKind", "Event", "TextChange", "DateChange", "RateFormat", "Valuation",
    "Rounding", "StatementFormat", "ImportMode", "LineStatus", "DateOrder",
]
DECLARATIONS += [r"public struct %s: Equatable" % r for r in RECORDS]
DECLARATIONS += [r"public enum %s\b" % e for e in ENUMS]
for pattern in DECLARATIONS:
    check(pattern, re.search(pattern, source) is not None, "not in Tally.swift")

header = (swift_dir / "TallyFFI.h").read_text()
check("C header", "uniffi_tally_mobile_fn_constructor_engine_open" in header)
check("modulemap", "module TallyFFI" in (swift_dir / "TallyFFI.modulemap").read_text())

# The quickstart only calls what the generated Swift declares, with labels it accepts.
signatures = {}
PARAMS = r"\(((?:[^()]|\([^()]*\))*)\)"  # a parameter list; defaults may hold parentheses
for name, params in re.findall(r"func `?(\w+)`?" + PARAMS, source):
    signatures.setdefault(name, []).append(re.findall(r"(\w+):", params))
for name, params in re.findall(r"public struct (\w+): Equatable, Hashable \{.*? public init" + PARAMS, source):
    signatures.setdefault(name, []).append(re.findall(r"(\w+):", params))
def check_calls(where, text):
    code = re.sub(r"//.*", "", text)
    for call in re.finditer(r"\b(\w+)\(", code):
        name = call.group(1)
        # `split` is also Swift's String.split(separator:); Portfolio.split is checked above.
        if name not in signatures or name in {"print", "String", "Dictionary", "split"}:
            continue
        depth, end = 1, call.end()
        while depth and end < len(code):
            depth += {"(": 1, ")": -1}.get(code[end], 0)
            end += 1
        args = code[call.end():end - 1]
        while re.search(r"\([^()]*\)|\[[^\[\]]*\]", args):  # keep the top level only
            args = re.sub(r"\([^()]*\)|\[[^\[\]]*\]", "", args)
        labels = re.findall(r"(?:^|,)\s*(\w+):", args)
        ok = any(all(label in params for label in labels) and
                 [p for p in params if p in labels] == labels for params in signatures[name])
        check(f"{where} {name}({', '.join(labels)})", ok, f"generated: {signatures[name]}")


check_calls("Quickstart.swift", quickstart)
for n, block in enumerate(readme_swift):
    check_calls(f"README.md swift block {n + 1}:", block)

print(f"{passed} passed, {failed} failed")
sys.exit(0 if failed == 0 and passed > 0 else 1)
