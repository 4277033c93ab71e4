// build_report: a result's JSON -> the report model, through one table of the kinds of result the
// report knows. The table is the only list of kinds: detection, titles, sections, the keys each kind
// reads and the error messages all come from it. Each kind's sections are built in kinds/<kind>.cpp.
#include "opticplan/report/report_model.h"

#include <iterator>
#include <optional>
#include <string>
#include <string_view>

#include "kinds/kinds.h"

namespace opticplan::report {
namespace {

using namespace detail;

// One kind of result: how to recognise it, what to call it, how to show it.
struct Kind {
  std::string_view name;  // its schema without "opticplan."
  // A result without a "schema" (or "kind") field (older JSON) is recognised by its keys. Kinds are
  // tried by guess_order, since one kind's result may hold another's keys: a compare has a market
  // compare's base and what_if, a run holds links.
  int guess_order;
  bool (*has_keys)(const J& r);
  std::string (*title)(const J& r);
  std::string (*subtitle)(const J& r);
  void (*sections)(Builder& b, const J& r);
  // The top-level keys the sections read, space-separated (besides those every result may have:
  // extra_keys); every other key holding an array of objects becomes a table, so results that gain
  // keys still render. nullopt: no such tables, since the top-level keys are whole results (a run's
  // parts, a market compare's sides).
  std::optional<std::string_view> known;
  bool ends_with_provenance = true;  // false: the sections show each part's inputs and sources themselves
};

// Every kind the report knows, in the order the error messages list them.
constexpr Kind kKinds[] = {
    {.name = "fabric",
     .guess_order = 2,
     .has_keys = [](const J& r) { return r.contains("cluster") && r.contains("tiers"); },
     .title =
         [](const J& r) {
           return "Fabric: " + text(at(at(r, "cluster"), "server")) + ", " + display(at(at(r, "cluster"), "gpus")) +
                  " GPUs";
         },
     .subtitle = [](const J&) -> std::string {
       return "opticplan fabric: switches, links, optics bill of materials and link lengths.";
     },
     .sections = fabric_sections,
     .known = "cluster lengths bom storage management transceivers"},
    {.name = "fabric-compare",
     .guess_order = 1,
     .has_keys = [](const J& r) { return r.contains("designs"); },
     .title = [](const J&) -> std::string { return "Fabric designs compared"; },
     .subtitle = [](const J&) -> std::string {
       return "opticplan fabric compare: the same cluster under several designs, side by side.";
     },
     .sections = fabric_compare_sections,
     .known = "designs"},
    {.name = "link",
     .guess_order = 10,
     .has_keys = [](const J& r) { return r.contains("links") || r.contains("dci"); },
     .title = [](const J&) -> std::string { return "Link check"; },
     .subtitle = [](const J&) -> std::string {
       return "opticplan link check: intra-DC loss budgets and coherent DCI routes.";
     },
     .sections = link_sections,
     .known = "links dci"},
    {.name = "plan",
     .guess_order = 8,
     .has_keys = [](const J& r) { return r.contains("orders") && r.contains("periods"); },
     .title = [](const J&) -> std::string { return "Supply plan"; },
     .subtitle =
         [](const J& r) {
           return "opticplan plan (" + text(at(r, "planner")) + " planner): who gets which modules when, and why.";
         },
     .sections = plan_sections,
     .known = "planner periods kpis orders bottlenecks groups agreements shadow_prices lines suppliers items "
              "comparison"},
    {.name = "market",
     .guess_order = 3,
     .has_keys = [](const J& r) { return r.contains("years") && (r.contains("per_period") || r.contains("quarters")); },
     .title = [](const J&) -> std::string { return "Market simulation"; },
     .subtitle =
         [](const J& r) {
           return "opticplan market: " + display(at(r, "runs")) +
                  " runs under demand and capacity uncertainty; bands are P10–P90.";
         },
     .sections = market_sections,
     .known = "runs seed periods quarters classes years per_period tornado inputs events agreements"},
    {.name = "market-compare",
     .guess_order = 5,
     .has_keys = [](const J& r) { return r.contains("base") && r.contains("what_if"); },
     .title = [](const J&) -> std::string { return "Market simulation: base and what-if"; },
     .subtitle = [](const J&) -> std::string {
       return "opticplan market --what-if: the base market, then the what-if, each under uncertainty; bands are "
              "P10–P90.";
     },
     .sections = market_compare_sections,
     .known = std::nullopt,
     .ends_with_provenance = false},
    {.name = "run",
     .guess_order = 9,
     .has_keys = [](const J& r) { return r.contains("selections"); },
     .title = [](const J& r) { return text(at(r, "scenario")).empty() ? "Scenario run" : text(at(r, "scenario")); },
     .subtitle = [](const J&) -> std::string { return "opticplan run: every result the scenario asks for."; },
     .sections = run_sections,
     .known = std::nullopt},
    {.name = "select",
     .guess_order = 6,
     .has_keys = [](const J& r) { return r.contains("candidates") && r.contains("rejected"); },
     .title =
         [](const J& r) {
           const std::string name = text(at(at(r, "requirement"), "name"));
           return "Module selection" + (name.empty() ? "" : ": " + name);
         },
     .subtitle = [](const J&) -> std::string {
       return "opticplan select: the modules that can carry one link, ranked, and why every other family is refused.";
     },
     .sections = select_sections,
     .known = "requirement candidates rejected"},
    {.name = "quote",
     .guess_order = 7,
     .has_keys = [](const J& r) { return r.contains("order") && r.contains("complete"); },
     .title =
         [](const J& r) {
           const J& o = at(r, "order");
           return "Quote: " + display(at(o, "quantity")) + " × " +
                  (at(o, "item").is_string() ? text(at(o, "item")) : text(at(o, "requirement"))) + " for " +
                  text(at(o, "customer"));
         },
     .subtitle = [](const J&) -> std::string {
       return "opticplan quote: the earliest schedule the committed plan can promise, and why not earlier.";
     },
     .sections = quote_sections,
     .known = "committed complete periods order"},
    {.name = "compare",
     .guess_order = 4,
     .has_keys = [](const J& r) { return r.contains("moved") && r.contains("base"); },
     .title = [](const J&) -> std::string { return "Plans compared: base and what-if"; },
     .subtitle = [](const J&) -> std::string {
       return "opticplan compare: the base scenario's plan against the what-if's, KPIs and the orders that moved.";
     },
     .sections = compare_sections,
     .known = "periods base what_if moved only_base only_what_if groups"},
    {.name = "source",
     .guess_order = 11,
     .has_keys = [](const J& r) { return r.contains("recommended") && r.contains("frontier"); },
     .title =
         [](const J& r) {
           const std::string name = text(at(at(r, "cluster"), "name"));
           return "Sourcing" + (name.empty() ? std::string() : ": " + name);
         },
     .subtitle = [](const J&) -> std::string {
       return "opticplan source: which suppliers, how much and under what agreement, judged out of sample against "
              "the baselines under correlated supply disruptions.";
     },
     .sections = source_sections,
     .known =
         "periods items cluster risk lp recommended in_sample baselines frontier qualifications drivers scorecards "
         "insights"},
};

const Kind* find_kind(std::string_view name) {
  for (const Kind& k : kKinds)
    if (k.name == name) return &k;
  return nullptr;
}

// The kind from the "schema" (or "kind") field, else from the keys; "" when neither tells.
std::string kind_of(const J& r) {
  std::string schema = text(at(r, "schema"));
  if (schema.empty()) schema = text(at(r, "kind"));
  if (schema.starts_with("opticplan.")) schema = schema.substr(10);
  if (!schema.empty()) return schema;
  const Kind* guess = nullptr;
  for (const Kind& k : kKinds)
    if (k.has_keys(r) && (!guess || k.guess_order < guess->guess_order)) guess = &k;
  return guess ? std::string(guess->name) : "";
}

// Every kind's name, each after `prefix`, as a list ending "... <last_word> <the last>".
std::string kind_list(const std::string& prefix, const std::string& last_word) {
  std::string out;
  const size_t n = std::size(kKinds);
  for (size_t i = 0; i < n; ++i) {
    if (i + 1 == n && i > 0)
      out.append(" ").append(last_word).append(" ");
    else if (i > 0)
      out += ", ";
    out.append(prefix).append(kKinds[i].name);
  }
  return out;
}

}  // namespace

namespace detail {

std::string_view known_keys(std::string_view kind) {
  const Kind* k = find_kind(kind);
  return k && k->known ? *k->known : std::string_view();
}

}  // namespace detail

Result<ReportModel> build_report(const nlohmann::ordered_json& result) {
  if (!result.is_object())
    return fail("a result is a JSON object (the output of a command's --json); got " + std::string(result.type_name()));
  ReportModel m;
  m.kind = kind_of(result);
  const Kind* kind = find_kind(m.kind);
  if (m.kind.empty())
    return fail("cannot tell what kind of result this is: no \"schema\" or \"kind\" field and none of the keys of a " +
                kind_list("", "or") + " result");
  if (!kind)
    return fail("schema \"" + text(at(result, "schema")) +
                (at(result, "schema").is_null() ? text(at(result, "kind")) : "") +
                "\" has no report; reports exist for " + kind_list("opticplan.", "and"));
  Builder b(m);
  try {
    m.title = kind->title(result);
    m.subtitle = kind->subtitle(result);
    m.headline = headline_of(kind->name, result);
    kind->sections(b, result);
    if (kind->known) extra_keys(b, result, *kind->known);
    // Every report ends with what it was computed from.
    if (kind->ends_with_provenance) provenance_sections(b, result);
  } catch (const NothingToReport& e) {
    return fail(e.message);
  } catch (const Malformed& e) {
    return fail("not a valid " + m.kind + " result: " + e.message);
  } catch (const nlohmann::json::exception& e) {
    return fail("not a valid " + m.kind + " result: " + e.what());
  }
  return m;
}

}  // namespace opticplan::report
