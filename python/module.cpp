// The Python shell: the run facade (opticplan/run/run.h) as the extension module
// opticplan._opticplan, which the pure-Python package opticplan (python/opticplan/) wraps with
// result classes, DataFrames and the exception class.
//
// Contract: as thin as the CLI. A scenario is loaded as the CLI loads it (the shipped catalog
// first unless told otherwise, the catalog linted, warnings kept); each run calls one facade entry
// point with the GIL released and returns the run's JSON exactly as the CLI prints it with --json,
// its text and (where the command has one) its CSV. Located problems raise
// opticplan.ScenarioError (file, line, column, path of the first problem, and every problem);
// failures of a run raise opticplan.RunError (code "bad_input", "internal" or "cancelled").
// Progress callbacks and cancel events are Python objects, called with the GIL taken again.
#include <pybind11/functional.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <atomic>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "opticplan/catalog/catalog.h"
#include "opticplan/catalog/lint.h"
#include "opticplan/core/diagnostics.h"
#include "opticplan/doc/document.h"
#include "opticplan/doc/reader.h"
#include "opticplan/report/html.h"
#include "opticplan/report/report_model.h"
#include "opticplan/run/run.h"
#include "opticplan/scenario/read_select.h"
#include "opticplan/scenario/read_supply.h"
#include "opticplan/scenario/scenario.h"

namespace py = pybind11;

namespace opticplan::python {
namespace {

py::dict problem_dict(const Diagnostic& d) {
  py::dict p;
  p["file"] = d.where.file;
  p["line"] = d.where.line;
  p["column"] = d.where.column;
  p["path"] = d.path;
  p["message"] = d.message;
  p["warning"] = d.warning;
  p["text"] = d.str();
  return p;
}

// Raises an exception class of opticplan/errors.py, built from keyword arguments.
[[noreturn]] void raise(const char* cls, const py::dict& fields) {
  const py::object type = py::module_::import("opticplan.errors").attr(cls);
  const py::object exc = type(**fields);
  PyErr_SetObject(type.ptr(), exc.ptr());
  throw py::error_already_set();
}

[[noreturn]] void raise_problems(const Diagnostics& diag) {
  py::list problems;
  for (const auto& d : diag.items()) problems.append(problem_dict(d));
  py::dict f;
  f["problems"] = problems;
  raise("ScenarioError", f);
}

// A failed run: a missing section (bad input with a field) is located at the scenario's file.
[[noreturn]] void raise_error(const Error& e, const std::string& file) {
  py::dict f;
  f["code"] = e.code == Code::kBadInput ? "bad_input" : e.code == Code::kCancelled ? "cancelled" : "internal";
  f["message"] = e.message;
  f["field"] = e.field;
  f["file"] = file;
  raise("RunError", f);
}

// A loaded scenario, shared by the runs made from it (a run refers to its scenario).
struct PyScenario {
  std::shared_ptr<Scenario> sc;
  std::vector<Diagnostic> warnings;
  std::string file() const { return sc->files.empty() ? std::string() : sc->files.front(); }
};

PyScenario finish_load(Scenario sc, Diagnostics& diag) {
  if (diag.ok()) catalog::lint_catalog(sc.catalog, diag);
  if (!diag.ok()) raise_problems(diag);
  PyScenario out{std::make_shared<Scenario>(std::move(sc)), {}};
  out.warnings = diag.warnings();
  return out;
}

PyScenario load(const std::string& path, bool shipped_catalog, const std::vector<std::string>& catalogs) {
  Diagnostics diag;
  Scenario sc;
  {
    py::gil_scoped_release free;
    sc = load_scenario(path, LoadOptions{shipped_catalog, catalogs}, diag);
  }
  return finish_load(std::move(sc), diag);
}

PyScenario loads(const std::string& text, const std::string& name, bool shipped_catalog,
                 const std::vector<std::string>& catalogs) {
  Diagnostics diag;
  Scenario sc;
  {
    py::gil_scoped_release free;
    sc = load_scenario_text(text, name, LoadOptions{shipped_catalog, catalogs}, diag);
  }
  return finish_load(std::move(sc), diag);
}

// What a run hands back: the CLI's three forms, computed while the GIL is released.
struct PyRun {
  std::string kind;  // "plan", "market", ...: the command
  std::string json;  // as `opticplan COMMAND --json` prints it (with its final newline)
  std::string text;  // as the command prints it without --json
  std::string csv;   // with --csv, where the command has it (else empty)
};

template <typename Run>
PyRun forms(const std::string& kind, const Run& run) {
  PyRun out{kind, {}, run.text(), {}};
  if constexpr (requires { run.write_json(std::declval<std::ostream&>()); }) {
    std::ostringstream s;
    run.write_json(s);
    out.json = std::move(s).str();
  } else {
    out.json = run.json().dump(2) + "\n";
  }
  if constexpr (requires { run.csv(); }) out.csv = run.csv();
  return out;
}

template <typename Run>
PyRun unwrap(const std::string& kind, const PyScenario& s, Result<Run> r) {
  if (!r) raise_error(r.status(), s.file());
  return forms(kind, *r);
}

// A facade call made with the GIL released, its run returned as the CLI's forms.
template <typename Call>
PyRun run_free(const std::string& kind, const PyScenario& s, Call call) {
  return unwrap(kind, s, [&] {
    py::gil_scoped_release free;
    return call();
  }());
}

// A Python progress callback and cancel event, seen from an engine's thread.
class Hooks {
 public:
  Hooks(py::object progress, py::object cancel) : progress_(std::move(progress)), cancel_(std::move(cancel)) {}
  const std::atomic<bool>* flag() { return &cancelled_; }
  // Called from any thread without the GIL; a callback that raises cancels the run, and its
  // exception is raised once the run is back.
  void report(double done, double total) {
    if (cancelled_.load()) return;
    const py::gil_scoped_acquire gil;
    try {
      if (!progress_.is_none()) progress_(done, total);
      if (!cancel_.is_none() && cancel_.attr("is_set")().cast<bool>()) cancelled_ = true;
    } catch (py::error_already_set& e) {
      error_ = std::make_unique<py::error_already_set>(std::move(e));
      cancelled_ = true;
    }
  }
  void check_cancel_now() {
    if (!cancel_.is_none() && cancel_.attr("is_set")().cast<bool>()) cancelled_ = true;
  }
  void rethrow() {
    if (error_) throw std::move(*error_);
  }

 private:
  py::object progress_, cancel_;
  std::atomic<bool> cancelled_{false};
  std::unique_ptr<py::error_already_set> error_;
};

PyRun plan(const PyScenario& s, const std::string& planner, const std::string& objective, bool compare,
           const py::object& progress, const py::object& cancel, bool bound) {
  run::PlanOptions o;
  const auto p = run::parse_planner(planner);
  const auto obj = supply::parse_objective(objective);
  if (!p) throw py::value_error("planner must be \"heuristic\" or \"lp\", got \"" + planner + "\"");
  if (!obj) throw py::value_error("objective must be \"lateness\", \"fill\" or \"revenue\", got \"" + objective + "\"");
  o.planner = *p;
  o.objective = *obj;
  o.compare = compare;
  o.bound = bound;
  Hooks hooks(progress, cancel);
  hooks.check_cancel_now();
  o.cancel = hooks.flag();
  o.progress = [&hooks](double share) { hooks.report(share, 1.0); };
  std::optional<Result<run::PlanRun>> r;
  {
    py::gil_scoped_release free;
    r.emplace(run::plan(*s.sc, o));
  }
  hooks.rethrow();
  if (!*r) raise_error(r->status(), s.file());
  PyRun out;
  {
    py::gil_scoped_release free;
    out = forms("plan", **r);
  }
  return out;
}

PyRun market(const PyScenario& s, std::optional<int> runs, std::optional<uint64_t> seed, int threads,
             const py::object& progress, const py::object& cancel) {
  run::MarketOptions o;
  o.runs = runs;
  o.seed = seed;
  o.threads = threads;
  Hooks hooks(progress, cancel);
  hooks.check_cancel_now();
  o.cancel = hooks.flag();
  o.progress = [&hooks](int done, int total) { hooks.report(done, total); };
  std::optional<Result<run::MarketRun>> r;
  {
    py::gil_scoped_release free;
    r.emplace(run::simulate_market(*s.sc, o));
  }
  hooks.rethrow();
  if (!*r) raise_error(r->status(), s.file());
  py::gil_scoped_release free;
  return forms("market", **r);
}

// A document given as JSON text (a dict from Python), read by a scenario reader; problems raise.
template <typename T, typename Read>
T read_dict(const std::string& json, const std::string& name, Read read) {
  Diagnostics diag;
  const Node root = parse_document(json, name, diag);
  std::optional<T> value;
  if (diag.ok()) {
    MapReader r(root, "", diag);
    value = read(r);
  }
  if (!diag.ok() || !value) raise_problems(diag);
  return std::move(*value);
}

PyRun select(const PyScenario& s, const std::string& requirement_json) {
  const auto req = read_dict<catalog::Requirement>(requirement_json, "requirement.json",
                                                   [](MapReader& r) { return catalog::read_requirement(r); });
  py::gil_scoped_release free;
  return forms("select", run::select(*s.sc, req));
}

PyRun quote(const PyScenario& s, const std::string& order_json) {
  // Without a supply: there is no model to read the order against; the run then says so.
  supply::Order order;
  if (s.sc->supply)
    order = read_dict<supply::Order>(order_json, "order.json",
                                     [&](MapReader& r) { return supply::read_order(r, *s.sc->supply, s.sc->catalog); });
  std::optional<Result<run::QuoteRun>> r;
  {
    py::gil_scoped_release free;
    r.emplace(run::quote(*s.sc, std::move(order)));
  }
  return unwrap("quote", s, std::move(*r));
}

// The self-contained HTML report of a run's JSON (what --report writes).
std::string html_report(const std::string& json) {
  const auto j = nlohmann::ordered_json::parse(json);
  py::gil_scoped_release free;
  auto model = report::build_report(j);
  if (!model) {
    py::gil_scoped_acquire gil;
    throw py::value_error(model.error());
  }
  return report::html_report(*model);
}

}  // namespace
}  // namespace opticplan::python

PYBIND11_MODULE(_opticplan, m) {
  using namespace opticplan;
  using namespace opticplan::python;
  m.doc() = "opticplan's run facade (the CLI's commands) for the opticplan package; use `import opticplan`.";

  py::class_<PyRun>(m, "Run")
      .def_readonly("kind", &PyRun::kind)
      .def_readonly("json", &PyRun::json)
      .def_readonly("text", &PyRun::text)
      .def_readonly("csv", &PyRun::csv);

  py::class_<PyScenario>(m, "Scenario")
      .def_property_readonly("name", [](const PyScenario& s) { return s.sc->name; })
      .def_property_readonly("description", [](const PyScenario& s) { return s.sc->description; })
      .def_property_readonly("files", [](const PyScenario& s) { return s.sc->files; })
      .def_property_readonly("warnings",
                             [](const PyScenario& s) {
                               py::list w;
                               for (const auto& d : s.warnings) w.append(problem_dict(d));
                               return w;
                             })
      .def_property_readonly("sections", [](const PyScenario& s) {
        std::vector<std::string> out;
        const Scenario& sc = *s.sc;
        if (!sc.selections.empty()) out.emplace_back("select");
        if (!sc.links.empty()) out.emplace_back("links");
        if (!sc.dci.empty()) out.emplace_back("dci");
        if (!sc.clusters.empty()) out.emplace_back("cluster");
        if (!sc.variants.empty()) out.emplace_back("variants");
        if (sc.supply) out.emplace_back("supply");
        if (sc.market) out.emplace_back("market");
        return out;
      });

  m.def("load", &python::load, py::arg("path"), py::arg("shipped_catalog") = true,
        py::arg("catalogs") = std::vector<std::string>{});
  m.def("loads", &python::loads, py::arg("text"), py::arg("name"), py::arg("shipped_catalog") = true,
        py::arg("catalogs") = std::vector<std::string>{});
  m.def("fabric", [](const PyScenario& s) { return run_free("fabric", s, [&] { return run::build_fabric(*s.sc); }); });
  m.def("fabric_compare",
        [](const PyScenario& s) { return run_free("fabric-compare", s, [&] { return run::compare_fabrics(*s.sc); }); });
  m.def("check_links",
        [](const PyScenario& s) { return run_free("link", s, [&] { return run::check_links(*s.sc); }); });
  m.def("select", &python::select, py::arg("scenario"), py::arg("requirement_json"));
  m.def("plan", &python::plan, py::arg("scenario"), py::arg("planner") = "heuristic", py::arg("objective") = "lateness",
        py::arg("compare") = false, py::arg("progress") = py::none(), py::arg("cancel") = py::none(),
        py::arg("bound") = false);
  m.def("mrp", [](const PyScenario& s) { return run_free("mrp", s, [&] { return run::mrp(*s.sc); }); });
  m.def("compare", [](const PyScenario& base, const PyScenario& what_if) {
    return run_free("compare", base, [&] { return run::compare(*base.sc, *what_if.sc); });
  });
  m.def("quote", &python::quote, py::arg("scenario"), py::arg("order_json"));
  m.def("market", &python::market, py::arg("scenario"), py::arg("runs") = py::none(), py::arg("seed") = py::none(),
        py::arg("threads") = 1, py::arg("progress") = py::none(), py::arg("cancel") = py::none());
  m.def("html_report", &html_report, py::arg("json"));
  m.attr("data_dir") = data_dir();
}
