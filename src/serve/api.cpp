#include "opticplan/serve/api.h"

#include <algorithm>
#include <cctype>

#include "opticplan/doc/document.h"
#include "opticplan/doc/reader.h"
#include "opticplan/report/html.h"
#include "opticplan/report/report_model.h"
#include "opticplan/serve/stored_scenario.h"
#include "opticplan/serve/tokens.h"

namespace opticplan::report::assets {
extern const std::string_view openapi_json;  // docs/api/openapi.json, embedded at build time
}

namespace opticplan::serve {

using nlohmann::ordered_json;

namespace {

const char* kRequest = "request.json";

// Text echoed from a request (a path, an id) may not be UTF-8: replaced, never thrown on.
ApiResponse json_response(int status, const ordered_json& body) {
  return ApiResponse{
      status, "application/json", body.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace), {}};
}
ApiResponse answer_response(const Answer& a) { return json_response(a.status, a.body); }
ApiResponse error_response(int status, const std::string& message) {
  return answer_response(error_answer(status, message));
}

std::vector<std::string> split_path(const std::string& path) {
  std::vector<std::string> parts;
  size_t at = 0;
  while (at < path.size()) {
    size_t next = path.find('/', at);
    if (next == std::string::npos) next = path.size();
    if (next > at) parts.push_back(path.substr(at, next - at));
    at = next + 1;
  }
  return parts;
}

bool valid_id(const std::string& id) {
  if (id.empty() || id.size() > 64 ||
      !(std::islower(static_cast<unsigned char>(id[0])) || std::isdigit(static_cast<unsigned char>(id[0]))))
    return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '.' ||
           c == '_' || c == '-';
  });
}

std::string slug(const std::string& name) {
  std::string s;
  for (const char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u))
      s += static_cast<char>(std::tolower(u));
    else if (!s.empty() && s.back() != '-')
      s += '-';
    if (s.size() >= 64) break;
  }
  while (!s.empty() && s.back() == '-') s.pop_back();
  return s.empty() ? "scenario" : s;
}

std::optional<int64_t> parse_int(const std::string& s) {
  if (s.empty() || s.size() > 18 ||
      !std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
    return std::nullopt;
  return std::stoll(s);
}

// A scenario body: {id?, name?, format?, text}. Problems are located in request.json.
struct ScenarioBody {
  std::string id, name, format = "yaml", text;
};

std::optional<ScenarioBody> read_scenario_body(const std::string& body, Diagnostics& diag) {
  const Node root = parse_document(body, kRequest, diag);
  if (!diag.ok()) return std::nullopt;
  ScenarioBody b;
  {
    MapReader r(root, "", diag);
    if (!r.ok()) return std::nullopt;
    if (auto v = r.str("id", false)) {
      b.id = *v;
      if (!valid_id(b.id))
        error_at(diag, *r.get("id"), "id",
                 "expected lowercase letters, digits, '.', '_' or '-' (at most 64, starting with a letter or digit), "
                 "got \"" +
                     b.id + "\"");
    }
    if (auto v = r.str("name", false)) b.name = *v;
    if (auto v = r.str("format", false)) {
      b.format = *v;
      if (b.format != "yaml" && b.format != "json")
        error_at(diag, *r.get("format"), "format", "expected yaml or json, got \"" + b.format + "\"");
    }
    if (const Node* t = r.get("text"); t && t->is_scalar() && !t->quoted)
      error_at(diag, *t, "text", "expected the scenario file's text as a JSON string, got " + t->describe());
    else if (auto v = r.str("text", true))
      b.text = *v;
    r.finish();
  }
  if (!diag.ok()) return std::nullopt;
  return b;
}

// Loads a scenario text for storing: its problems, or the scenario.
ordered_json sections_json(const Scenario& sc) {
  ordered_json j = ordered_json::object();
  j["sections"] = present_sections(sc);
  j["kinds"] = run_kinds(sc);
  return j;
}

ordered_json run_json(const RunRow& r, std::optional<double> live) {
  ordered_json j = {{"id", r.id}, {"scenario", r.scenario}, {"version", r.version}, {"kind", r.kind}};
  const ordered_json options = ordered_json::parse(r.options, nullptr, false);
  j["options"] = options.is_discarded() ? ordered_json::object() : options;
  j["status"] = r.status;
  j["owner"] = r.owner;
  // The live figure only while it runs: a finished run is stored before it leaves the live list.
  j["progress"] = live && (r.status == "queued" || r.status == "running") ? *live : r.progress;
  if (!r.error.empty()) j["error"] = r.error;
  return j;
}

// Numbers of two results' `kpis` (or `summary`) objects side by side.
ordered_json measure_deltas(const ordered_json& a, const ordered_json& b) {
  ordered_json out = ordered_json::array();
  for (const char* key : {"kpis", "summary", "totals"}) {
    if (!a.contains(key) || !b.contains(key) || !a[key].is_object() || !b[key].is_object()) continue;
    for (const auto& [k, va] : a[key].items()) {
      if (!va.is_number() || !b[key].contains(k) || !b[key][k].is_number()) continue;
      const double x = va.get<double>(), y = b[key][k].get<double>();
      out.push_back({{"measure", k}, {"a", va}, {"b", b[key][k]}, {"change", y - x}});
    }
  }
  return out;
}

// Orders whose status, lateness or units on time differ between two plan results.
ordered_json order_changes(const ordered_json& a, const ordered_json& b) {
  ordered_json out = ordered_json::array();
  if (!a.contains("orders") || !b.contains("orders")) return out;
  std::map<std::string, const ordered_json*> in_b;
  for (const auto& o : b["orders"])
    if (o.contains("id") && o["id"].is_string()) in_b[o["id"].get<std::string>()] = &o;
  for (const auto& o : a["orders"]) {
    if (!o.contains("id") || !o["id"].is_string()) continue;
    const auto it = in_b.find(o["id"].get<std::string>());
    if (it == in_b.end()) continue;
    const ordered_json& p = *it->second;
    if (o.value("status", "") == p.value("status", "") && o.value("lateness", 0) == p.value("lateness", 0) &&
        o.value("on_time", int64_t{0}) == p.value("on_time", int64_t{0}))
      continue;
    out.push_back({{"id", o["id"]},
                   {"customer", o.value("customer", "")},
                   {"a_status", o.value("status", "")},
                   {"b_status", p.value("status", "")},
                   {"a_lateness", o.value("lateness", 0)},
                   {"b_lateness", p.value("lateness", 0)},
                   {"a_on_time", o.value("on_time", int64_t{0})},
                   {"b_on_time", p.value("on_time", int64_t{0})}});
  }
  return out;
}

}  // namespace

Api::Api(Store& store, PromiseDesk& desk, JobRunner& jobs, RunLimits limits)
    : store_(store), desk_(desk), jobs_(jobs), limits_(limits) {}

ApiResponse Api::handle(const ApiRequest& request) {
  try {
    return route(request);
  } catch (const DatabaseError& e) {
    return error_response(503, std::string("the store failed: ") + e.what());
  } catch (const std::exception& e) {
    return error_response(500, std::string("internal error: ") + e.what());
  }
}

Api::Caller Api::caller_of(const std::string& authorization) {
  static const std::string kBearer = "Bearer ";
  if (authorization.size() <= kBearer.size() || authorization.compare(0, kBearer.size(), kBearer) != 0) return {};
  const std::string hash = token_hash(authorization.substr(kBearer.size()));
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(mu_);
    if (auto it = roles_.find(hash);
        it != roles_.end() && now - it->second.at < std::chrono::seconds(kRoleCacheSeconds))
      return it->second.caller;
  }
  auto token = store_.token_role(hash);
  std::lock_guard lock(mu_);
  if (!token) {
    roles_.erase(hash);
    return {};
  }
  Caller caller{token->role, token->id};
  roles_[hash] = CachedRole{caller, now};
  return caller;
}

ordered_json Api::summary(const std::string& id, int version, const std::string& name) {
  {
    std::lock_guard lock(mu_);
    if (auto it = summaries_.find({id, version}); it != summaries_.end()) return it->second;
  }
  const auto v = store_.version(id, version);
  if (!v) return {{"id", id}, {"name", name}, {"version", version}};
  Diagnostics diag;
  const Scenario sc = load_stored_scenario(id, v->format, v->text, diag);
  return remember_summary(id, version, name, v->format, sc);
}

ordered_json Api::remember_summary(const std::string& id, int version, const std::string& name,
                                   const std::string& format, const Scenario& sc) {
  ordered_json j = {{"id", id}, {"name", name}, {"version", version}};
  if (!sc.description.empty()) j["description"] = sc.description;
  j["format"] = format;
  j["sections"] = present_sections(sc);
  j["kinds"] = run_kinds(sc);
  if (sc.supply) {
    const supply::Model& m = *sc.supply;
    ordered_json periods = ordered_json::array(), customers = ordered_json::array(), items = ordered_json::array(),
                 reqs = ordered_json::array();
    for (int p = 0; p < m.periods(); ++p) periods.push_back(m.grid.label(p));
    for (const auto& c : m.customers) customers.push_back(c.id);
    for (const auto& it : m.items)
      if (it.made() || !it.suppliers.empty()) items.push_back(it.id);
    for (const auto& r : m.requirements) reqs.push_back(r.id);
    j["periods"] = std::move(periods);
    j["customers"] = std::move(customers);
    j["items"] = std::move(items);
    j["requirements"] = std::move(reqs);
    j["orders"] = m.orders.size();
  }
  if (sc.sourcing)
    j["sourcing"] = {{"scenarios", sc.sourcing->risk.scenarios}, {"evaluation", sc.sourcing->risk.evaluation}};
  std::lock_guard lock(mu_);
  summaries_[{id, version}] = j;
  return j;
}

// The route table: matched in order; a path that matches a pattern under another method is a 405.
const std::vector<Api::Route>& Api::routes() {
  static const std::vector<Route> table = {
      {{"GET", "/api/health", Role::kPublic}, &Api::health},
      {{"GET", "/api/openapi.json", Role::kPublic}, &Api::openapi},
      {{"POST", "/api/validate", Role::kRead}, &Api::validate},
      {{"GET", "/api/scenarios", Role::kRead}, &Api::list_scenarios},
      {{"POST", "/api/scenarios", Role::kWrite}, &Api::store_scenario},
      {{"GET", "/api/scenarios/{id}", Role::kRead}, &Api::get_scenario},
      {{"PUT", "/api/scenarios/{id}", Role::kWrite}, &Api::store_scenario},
      {{"DELETE", "/api/scenarios/{id}", Role::kWrite}, &Api::delete_scenario},
      {{"GET", "/api/scenarios/{id}/versions", Role::kRead}, &Api::list_versions},
      {{"GET", "/api/scenarios/{id}/versions/{version}", Role::kRead}, &Api::get_version},
      {{"POST", "/api/scenarios/{id}/quote", Role::kRead}, &Api::quote},
      {{"POST", "/api/scenarios/{id}/commit", Role::kWrite}, &Api::commit},
      {{"GET", "/api/scenarios/{id}/orders", Role::kRead}, &Api::orders},
      {{"POST", "/api/scenarios/{id}/orders/{order}/release", Role::kWrite}, &Api::release},
      {{"GET", "/api/runs", Role::kRead}, &Api::list_runs},
      {{"POST", "/api/runs", Role::kWrite}, &Api::start_run},
      {{"GET", "/api/runs/{run}", Role::kRead}, &Api::get_run},
      {{"GET", "/api/runs/{run}/result", Role::kRead}, &Api::run_output},
      {{"GET", "/api/runs/{run}/report", Role::kRead}, &Api::run_output},
      {{"GET", "/api/runs/{run}/charts", Role::kRead}, &Api::run_output},
      {{"POST", "/api/runs/{run}/cancel", Role::kWrite}, &Api::cancel_run},
      {{"GET", "/api/compare", Role::kRead}, &Api::compare},
  };
  return table;
}

std::vector<RouteInfo> api_routes() {
  std::vector<RouteInfo> out;
  for (const auto& [info, handle] : Api::routes()) out.push_back(info);
  return out;
}

namespace {

// The placeholders of `pattern` filled from `seg` (the request path's segments), or nullopt when
// the path does not have the pattern's shape.
std::optional<std::vector<std::string>> match(std::string_view pattern, const std::vector<std::string>& seg) {
  const auto parts = split_path(std::string(pattern));
  if (parts.size() != seg.size()) return std::nullopt;
  std::vector<std::string> params;
  for (size_t k = 0; k < parts.size(); ++k) {
    if (parts[k].front() == '{')
      params.push_back(seg[k]);
    else if (parts[k] != seg[k])
      return std::nullopt;
  }
  return params;
}

}  // namespace

ApiResponse Api::route(const ApiRequest& rq) {
  const auto seg = split_path(rq.path);
  if (seg.empty() || seg[0] != "api") return error_response(404, "no such route: " + rq.path);
  const Route* found = nullptr;
  Params params;
  std::string allowed;  // the methods of the routes whose pattern the path has
  for (const auto& r : routes()) {
    auto p = match(r.info.pattern, seg);
    if (!p) continue;
    if (r.info.method != rq.method) {
      if (allowed.find(r.info.method) == std::string::npos)
        allowed += (allowed.empty() ? "" : ", ") + std::string(r.info.method);
      continue;
    }
    found = &r;
    static_cast<std::vector<std::string>&>(params) = std::move(*p);
    break;
  }
  if (!found || found->info.role != Role::kPublic) {
    // Every other route needs a token; reads need "read", writes "write".
    const Caller caller = caller_of(rq.authorization);
    const std::string& role = caller.role;
    params.token = caller.token;
    if (role.empty()) {
      auto r = error_response(
          401, rq.authorization.empty()
                   ? "this route needs Authorization: Bearer TOKEN (make one with opticplan token create)"
                   : "unknown token");
      r.headers.emplace_back("WWW-Authenticate", "Bearer");
      return r;
    }
    if (!found && !allowed.empty()) {
      auto r = error_response(405, rq.method + " is not allowed on " + rq.path);
      r.headers.emplace_back("Allow", allowed);
      return r;
    }
    if (!found) return error_response(404, "no such route: " + rq.method + " " + rq.path);
    if (found->info.role == Role::kWrite && role != "write")
      return error_response(403, "this route changes state: it needs a write token");
  }
  return (this->*found->handle)(rq, params);
}

ApiResponse Api::health(const ApiRequest&, const Params&) {
  return json_response(200, {{"status", "ok"}, {"store", store_.kind()}, {"schema", store_.schema_version()}});
}

ApiResponse Api::openapi(const ApiRequest&, const Params&) {
  return ApiResponse{200, "application/json", std::string(report::assets::openapi_json), {}};
}

ApiResponse Api::validate(const ApiRequest& rq, const Params&) {
  const ReturnFreeMemory after_load;
  Diagnostics diag;
  auto body = read_scenario_body(rq.body, diag);
  if (!body) return answer_response(problems_answer(422, "invalid request", diag));
  const std::string id = body->id.empty() ? "scenario" : body->id;
  const Scenario sc = load_stored_scenario(id, body->format, body->text, diag);
  if (!diag.ok()) return answer_response(problems_answer(422, "the scenario has problems", diag));
  ordered_json j = {{"ok", true}};
  j.update(sections_json(sc));
  j["warnings"] = warnings_json(diag);
  return json_response(200, j);
}

ApiResponse Api::list_scenarios(const ApiRequest&, const Params&) {
  ordered_json list = ordered_json::array();
  for (const auto& s : store_.scenarios()) {
    // Metadata only: the ids a quote form offers (a quarter of a megabyte for 100,000 orders) come
    // with GET /api/scenarios/{id}.
    ordered_json entry = summary(s.id, s.latest, s.name);
    for (const char* key : {"periods", "customers", "items", "requirements"}) entry.erase(key);
    entry["committed_orders"] = store_.live_commitments(s.id);
    list.push_back(std::move(entry));
  }
  return json_response(200, {{"scenarios", std::move(list)}});
}

ApiResponse Api::store_scenario(const ApiRequest& rq, const Params& params) {
  const ReturnFreeMemory after_load;
  const bool is_new = params.empty();  // POST /api/scenarios; else PUT /api/scenarios/{id}
  Diagnostics diag;
  auto body = read_scenario_body(rq.body, diag);
  if (!body) return answer_response(problems_answer(422, "invalid request", diag));
  if (!is_new) {
    if (!body->id.empty() && body->id != params[0])
      return error_response(422, "the body's id \"" + body->id + "\" is not the path's \"" + params[0] + "\"");
    body->id = params[0];
  }
  // The id: given, else from the name, else from the scenario's own name: field.
  Scenario sc = load_stored_scenario(body->id.empty() ? "scenario" : body->id, body->format, body->text, diag);
  if (!diag.ok()) return answer_response(problems_answer(422, "the scenario has problems", diag));
  if (body->name.empty()) body->name = sc.name.empty() ? (body->id.empty() ? "scenario" : body->id) : sc.name;
  if (body->id.empty()) body->id = slug(body->name);
  if (is_new) {
    if (!store_.create_scenario(body->id, body->name, body->format, body->text))
      return error_response(
          409, "a scenario \"" + body->id + "\" exists: PUT /api/scenarios/" + body->id + " stores a new version");
    desk_.invalidate(body->id);
    if (sc.supply) desk_.warm(body->id);
    // The summary of the scenario just loaded: a 100,000-order scenario is not worth loading twice.
    ordered_json created = remember_summary(body->id, 1, body->name, body->format, sc);
    created["warnings"] = warnings_json(diag);
    auto r = json_response(201, created);
    r.headers.emplace_back("Location", "/api/scenarios/" + body->id);
    return r;
  }
  // A version that breaks a committed promise is refused unless forced (?force=true); forced, the
  // broken orders are listed as such by GET .../orders.
  const auto force = rq.query.find("force");
  const bool forced = force != rq.query.end() && force->second == "true";
  if (const auto broken = desk_.broken_by(body->id, body->format, body->text); !broken.empty()) {
    if (!forced) {
      Answer a = error_answer(409, "this version breaks " + std::to_string(broken.size()) +
                                       " committed promise(s): release those orders, or store it with ?force=true");
      ordered_json list = ordered_json::array();
      for (const auto& [id, why] : broken) list.push_back({{"id", id}, {"reason", why}});
      a.body["error"]["broken_orders"] = std::move(list);
      return answer_response(a);
    }
  }
  const int v = store_.add_version(body->id, body->name, body->format, body->text);
  if (v == 0) return error_response(404, "no scenario \"" + body->id + "\"");
  desk_.invalidate(body->id);
  if (sc.supply) desk_.warm(body->id);
  ordered_json stored = remember_summary(body->id, v, body->name, body->format, sc);
  stored["warnings"] = warnings_json(diag);
  return json_response(200, stored);
}

ApiResponse Api::get_scenario(const ApiRequest& rq, const Params& params) {
  const std::string& id = params[0];
  const auto row = store_.scenario(id);
  if (!row) return error_response(404, "no scenario \"" + id + "\"");
  ordered_json j = summary(id, row->latest, row->name);
  if (j.contains("orders")) j["promising"] = desk_.readiness(id);
  const auto text = rq.query.find("text");
  if (text == rq.query.end() || text->second != "false") {
    const auto v = store_.version(id, row->latest);
    j["text"] = v ? v->text : "";
  }
  j["revision"] = row->revision;
  j["committed_orders"] = store_.live_commitments(id);
  return json_response(200, j);
}

ApiResponse Api::delete_scenario(const ApiRequest&, const Params& params) {
  const std::string& id = params[0];
  if (!store_.delete_scenario(id)) return error_response(404, "no scenario \"" + id + "\"");
  desk_.invalidate(id);
  {
    std::lock_guard lock(mu_);
    std::erase_if(summaries_, [&](const auto& kv) { return kv.first.first == id; });
  }
  return ApiResponse{204, "application/json", "", {}};
}

ApiResponse Api::list_versions(const ApiRequest&, const Params& params) {
  const std::string& id = params[0];
  if (!store_.scenario(id)) return error_response(404, "no scenario \"" + id + "\"");
  ordered_json list = ordered_json::array();
  for (const auto& v : store_.versions(id))
    list.push_back({{"version", v.version}, {"format", v.format}, {"bytes", v.bytes}, {"created", v.created}});
  return json_response(200, {{"scenario", id}, {"versions", std::move(list)}});
}

ApiResponse Api::get_version(const ApiRequest&, const Params& params) {
  const std::string& id = params[0];
  const auto num = parse_int(params[1]);
  const auto v = num ? store_.version(id, static_cast<int>(*num)) : std::nullopt;
  if (!v) return error_response(404, "no version " + params[1] + " of scenario \"" + id + "\"");
  return json_response(200, {{"version", v->version},
                             {"format", v->format},
                             {"bytes", v->bytes},
                             {"created", v->created},
                             {"text", v->text}});
}

ApiResponse Api::quote(const ApiRequest& rq, const Params& params) {
  return answer_response(desk_.quote(params[0], rq.body));
}
ApiResponse Api::commit(const ApiRequest& rq, const Params& params) {
  return answer_response(desk_.commit(params[0], rq.body));
}
ApiResponse Api::orders(const ApiRequest&, const Params& params) { return answer_response(desk_.orders(params[0])); }
ApiResponse Api::release(const ApiRequest&, const Params& params) {
  return answer_response(desk_.release(params[0], params[1]));
}

ApiResponse Api::list_runs(const ApiRequest& rq, const Params&) {
  const auto it = rq.query.find("scenario");
  ordered_json list = ordered_json::array();
  for (const auto& r : store_.runs(it == rq.query.end() ? "" : it->second))
    list.push_back(run_json(r, jobs_.progress(r.id)));
  return json_response(200, {{"runs", std::move(list)}});
}

ApiResponse Api::start_run(const ApiRequest& rq, const Params& params) {
  Diagnostics diag;
  const Node root = parse_document(rq.body, kRequest, diag);
  std::string scenario, kind;
  int version = 0;
  ordered_json options = ordered_json::object();
  if (diag.ok()) {
    MapReader r(root, "", diag);
    if (r.ok()) {
      if (auto v = r.str("scenario", true)) scenario = *v;
      if (auto v = r.integer("version", false, 1, 1000000000)) version = static_cast<int>(*v);
      if (auto v = r.str("kind", true)) {
        kind = *v;
        if (!parse_run_kind(kind))
          error_at(diag, *r.get("kind"), "kind", "expected fabric, link, plan, market or source, got \"" + kind + "\"");
      }
      if (const Node* o = r.get("options")) {
        MapReader opt(*o, "options", diag);
        if (opt.ok()) {
          if (auto v = opt.str("planner", false)) {
            if (!run::parse_planner(*v))
              error_at(diag, *opt.get("planner"), "options.planner", "expected heuristic or lp, got \"" + *v + "\"");
            options["planner"] = *v;
          }
          if (auto v = opt.str("objective", false)) {
            if (!supply::parse_objective(*v))
              error_at(diag, *opt.get("objective"), "options.objective",
                       "expected lateness, fill or revenue, got \"" + *v + "\"");
            options["objective"] = *v;
          }
          if (auto v = opt.boolean("bound", false)) options["bound"] = *v;
          if (auto v = opt.integer("runs", false, 1, limits_.max_runs)) options["runs"] = *v;
          if (auto v = opt.integer("seed", false, 0, INT64_MAX)) options["seed"] = *v;
          if (auto v = opt.integer("scenarios", false, 1, limits_.max_source_scenarios)) options["scenarios"] = *v;
          if (auto v = opt.integer("evaluation", false, 1, limits_.max_runs)) options["evaluation"] = *v;
          if (auto v = opt.number("cvar_weight", false, 0, 1e6)) options["cvar_weight"] = *v;
          opt.finish();
        }
      }
      r.finish();
    }
  }
  if (!diag.ok()) return answer_response(problems_answer(422, "invalid run request", diag));
  const auto row = store_.scenario(scenario);
  if (!row) return error_response(404, "no scenario \"" + scenario + "\"");
  if (version == 0) version = row->latest;
  if (!store_.version(scenario, version))
    return error_response(404, "no version " + std::to_string(version) + " of scenario \"" + scenario + "\"");
  const ordered_json s = summary(scenario, version, row->name);
  const auto& kinds = s.contains("kinds") ? s["kinds"] : ordered_json::array();
  if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end())
    return error_response(422, "scenario \"" + scenario + "\" version " + std::to_string(version) + " cannot run " +
                                   kind + " (it can run: " + (kinds.empty() ? std::string("nothing") : kinds.dump()) +
                                   ")");
  // The aggregate bound is an LP too: its memory grows with the kinds of demand, which grow with the orders.
  if (kind == "plan" && (options.value("planner", "") == "lp" || options.value("bound", false)) &&
      s.value("orders", int64_t{0}) > limits_.max_lp_orders)
    return error_response(422, std::string(options.value("bound", false) ? "a bound" : "an LP plan") + " of " +
                                   std::to_string(s.value("orders", int64_t{0})) +
                                   " orders is more than this server runs (--max-lp-orders " +
                                   std::to_string(limits_.max_lp_orders) +
                                   "): plan it with the heuristic planner alone, or with the CLI");
  if (kind == "source" && s.contains("sourcing")) {
    // The scenario's own risk: sizes count as much as the options' (both cost the server the same).
    const auto& risk = s["sourcing"];
    const int64_t scenarios = options.value("scenarios", risk.value("scenarios", int64_t{0}));
    const int64_t evaluation = options.value("evaluation", risk.value("evaluation", int64_t{0}));
    if (scenarios > limits_.max_source_scenarios)
      return error_response(422, "a sourcing run on " + std::to_string(scenarios) +
                                     " optimisation scenarios is more than this server runs (--max-source-scenarios " +
                                     std::to_string(limits_.max_source_scenarios) +
                                     "): ask for fewer with options.scenarios, or run it with the CLI");
    if (evaluation > limits_.max_runs)
      return error_response(422, "a sourcing run evaluated on " + std::to_string(evaluation) +
                                     " futures is more than this server runs (--max-runs " +
                                     std::to_string(limits_.max_runs) +
                                     "): ask for fewer with options.evaluation, or run it with the CLI");
  }
  const auto started = jobs_.start(scenario, version, *parse_run_kind(kind), options, params.token);
  if (!started)
    return error_response(429, "this token has " + std::to_string(jobs_.limits().max_queued) +
                                   " runs queued, as many as this server queues for one (--max-queued-runs): "
                                   "wait for one to start, or cancel one");
  const int64_t id = *started;
  const auto run = store_.run(id);
  auto r = json_response(202, run_json(*run, jobs_.progress(id)));
  r.headers.emplace_back("Location", "/api/runs/" + std::to_string(id));
  return r;
}

ApiResponse Api::get_run(const ApiRequest&, const Params& params) {
  const auto num = parse_int(params[0]);
  const auto run = num ? store_.run(*num) : std::nullopt;
  if (!run) return error_response(404, "no run " + params[0]);
  return json_response(200, run_json(*run, jobs_.progress(run->id)));
}

ApiResponse Api::cancel_run(const ApiRequest&, const Params& params) {
  const auto num = parse_int(params[0]);
  const auto run = num ? store_.run(*num) : std::nullopt;
  if (!run) return error_response(404, "no run " + params[0]);
  jobs_.cancel(run->id);
  return json_response(200, run_json(*store_.run(run->id), jobs_.progress(run->id)));
}

ApiResponse Api::run_output(const ApiRequest& rq, const Params& params) {
  const auto num = parse_int(params[0]);
  const auto run = num ? store_.run(*num) : std::nullopt;
  if (!run) return error_response(404, "no run " + params[0]);
  const std::string what = split_path(rq.path).back();  // result, report or charts
  if (run->status != "done")
    return error_response(409,
                          "run " + params[0] + " is " + run->status + (run->error.empty() ? "" : ": " + run->error));
  const auto text = store_.run_result(run->id);
  if (!text) return error_response(409, "run " + params[0] + " has no result");
  if (what == "result") return ApiResponse{200, "application/json", *text, {}};
  auto model = report::build_report(ordered_json::parse(*text));
  if (!model) return error_response(409, "run " + params[0] + " has no report: " + model.error());
  if (what == "report") return ApiResponse{200, "text/html; charset=utf-8", report::html_report(*model), {}};
  ordered_json j = {{"kind", model->kind}, {"title", model->title}, {"subtitle", model->subtitle}};
  ordered_json sections = ordered_json::array(), tables = ordered_json::array();
  for (const auto& s : model->sections)
    sections.push_back({{"title", s.title},
                        {"note", s.note},
                        {"chart", s.chart},
                        {"series", s.series},
                        {"height", s.height},
                        {"tables", s.tables}});
  for (const auto& t : model->tables) tables.push_back({{"name", t.name}, {"columns", t.columns}, {"rows", t.rows}});
  j["sections"] = std::move(sections);
  j["tables"] = std::move(tables);
  return json_response(200, j);
}

ApiResponse Api::compare(const ApiRequest& rq, const Params&) {
  std::optional<RunRow> runs[2];
  std::optional<std::string> results[2];
  const char* keys[2] = {"a", "b"};
  for (int k = 0; k < 2; ++k) {
    const auto it = rq.query.find(keys[k]);
    if (it == rq.query.end())
      return error_response(422, std::string("give two runs: ?a=RUN&b=RUN (") + keys[k] + " is missing)");
    const auto num = parse_int(it->second);
    runs[k] = num ? store_.run(*num) : std::nullopt;
    if (!runs[k]) return error_response(404, "no run " + it->second);
    if (runs[k]->status != "done") return error_response(409, "run " + it->second + " is " + runs[k]->status);
    results[k] = store_.run_result(runs[k]->id);
    if (!results[k]) return error_response(409, "run " + it->second + " has no result");
  }
  if (runs[0]->kind != runs[1]->kind)
    return error_response(422,
                          "runs of different kinds (" + runs[0]->kind + ", " + runs[1]->kind + ") cannot be compared");
  const ordered_json a = ordered_json::parse(*results[0]), b = ordered_json::parse(*results[1]);
  if (runs[0]->kind == "market")
    return json_response(200, {{"schema", "opticplan.market-compare"}, {"version", 1}, {"base", a}, {"what_if", b}});
  ordered_json j = {{"schema", "opticplan.run-compare"}, {"version", 1}, {"kind", runs[0]->kind}};
  for (int k = 0; k < 2; ++k)
    j[keys[k]] = {{"run", runs[k]->id},
                  {"scenario", runs[k]->scenario},
                  {"version", runs[k]->version},
                  {"options", ordered_json::parse(runs[k]->options, nullptr, false)}};
  j["measures"] = measure_deltas(a, b);
  if (runs[0]->kind == "plan") j["orders"] = order_changes(a, b);
  j["results"] = {{"a", a}, {"b", b}};
  return json_response(200, j);
}

}  // namespace opticplan::serve
