#include "opticplan/market/market.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "opticplan/supply/planner.h"

namespace opticplan::market {
namespace {

// The index of (class, col) in a row-major per-class block `width` wide (a class's row is its
// position among the spec's classes), computed in size_t (rows times a width can outgrow an int).
size_t flat(ClassId row, int width, int col) {
  return size_t{row.v} * static_cast<size_t>(width) + static_cast<size_t>(col);
}

// Where each figure of a run sits in its flat block.
struct Layout {
  int C = 0, T = 0, Y = 0, I = 0, E = 0, K = 0, A = 0;
  size_t shipments = 0, period_value, class_value, class_units, value, share, backlog, wait, binding, inputs, events,
         buyer_demand, buyer_units, agreements, size;
  Layout(int c, int t, int y, int i, int e, int k, int a) : C(c), T(t), Y(y), I(i), E(e), K(k), A(a) {
    size_t at = 0;
    const auto take = [&](int n) {
      const size_t s = at;
      at += static_cast<size_t>(n);
      return s;
    };
    shipments = take(C * T);
    period_value = take(T);
    class_value = take(C * Y);
    class_units = take(C * Y);
    value = take(Y);
    share = take(Y);
    backlog = take(T);
    wait = take(T);
    binding = take(T);
    inputs = take(I);
    events = take(E);
    buyer_demand = take(K * C * Y);
    buyer_units = take(K * C * Y);
    agreements = take(3 * A);  // reserved, used by the holder, released to others
    size = at;
  }
};

uint64_t run_seed(uint64_t seed, uint64_t run) { return seed * 0x9E3779B97F4A7C15ULL + run; }

double uniform01(std::mt19937_64& g) { return (static_cast<double>(g() >> 11) + 0.5) * 0x1.0p-53; }

double lognormal_factor(std::mt19937_64& g, double sd) {
  return sd > 0 ? std::exp(sd * normal_quantile(uniform01(g)) - sd * sd / 2) : 1;
}

double periods_per_year(Granularity g) {
  switch (g) {
    case Granularity::kQuarter: return 4;
    case Granularity::kWeek: return 365.2425 / 7;
    default: return 365.2425;
  }
}

}  // namespace

struct MarketSimulation::Impl {
  // A factor per customer (demand noise), supplier or line (capacity noise).
  using CustomerFactors = IdVec<supply::CustomerTag, double>;
  using SupplierFactors = IdVec<supply::SupplierTag, double>;
  using LineFactors = IdVec<supply::LineTag, double>;
  // A value per uncertain input (drawn, or its median).
  using InputValues = IdVec<InputTag, double>;

  const supply::Model& base;
  const MarketSpec& spec;
  Layout L;
  std::vector<int> period_year;                                // [t] year index
  IdVec<supply::ItemTag, ClassId> item_class;                  // [item] its class, or none
  IdVec<supply::OrderTag, std::vector<InputId>> order_inputs;  // [order] demand inputs that apply to it
  std::vector<std::pair<int, int>> anchor_range;               // [class] first and last anchored year index

  Impl(const supply::Model& m, const MarketSpec& s)
      : base(m),
        spec(s),
        L(static_cast<int>(s.classes.size()), m.periods(),
          m.periods() ? m.grid.year(m.periods() - 1) - m.grid.year(0) + 1 : 0, static_cast<int>(s.inputs.size()),
          static_cast<int>(s.events.size()), static_cast<int>(m.customers.size()),
          static_cast<int>(m.agreements.size())) {
    for (int t = 0; t < L.T; ++t) period_year.push_back(m.grid.year(t) - m.grid.year(0));
    item_class.resize(m.items.size());
    for (const ClassId c : s.classes.ids())
      for (const supply::ItemId i : s.classes[c].items) item_class[i] = c;
    order_inputs.resize(m.orders.size());
    for (const supply::OrderId o : m.orders.ids()) {
      const auto& ord = m.orders[o];
      for (const InputId k : s.inputs.ids()) {
        const Target& t = s.inputs[k].target;
        if (ord.due < t.first || ord.due > t.last) continue;
        const bool hit =
            (t.kind == Target::Kind::kCustomerDemand && ord.customer == std::get<supply::CustomerId>(t.of)) ||
            (t.kind == Target::Kind::kRequirementDemand && !ord.requirement.empty() &&
             ord.requirement == m.requirements[std::get<supply::RequirementId>(t.of)].id) ||
            (t.kind == Target::Kind::kItemDemand && ord.requirement.empty() &&
             ord.alternates.front() == std::get<supply::ItemId>(t.of)) ||
            (t.kind == Target::Kind::kClassDemand && item_class[ord.alternates.front()] == std::get<ClassId>(t.of));
        if (hit) order_inputs[o].push_back(k);
      }
    }
  }

  int year_of(int y_index) const { return base.grid.year(0) + y_index; }

  // Draws a Monte Carlo run's noise and input values (the base run takes medians: fixed_run()).
  void draw(int run, CustomerFactors& cust, SupplierFactors& sup, LineFactors& line, InputValues& values) const {
    cust.resize(base.customers.size());
    sup.resize(base.suppliers.size());
    line.resize(base.lines.size());
    values.resize(static_cast<size_t>(L.I));
    std::mt19937_64 g(run_seed(spec.seed, static_cast<uint64_t>(run)));
    for (auto& f : cust) f = lognormal_factor(g, spec.demand_sd);
    for (auto& f : sup) f = lognormal_factor(g, spec.supply_sd);
    for (auto& f : line) f = lognormal_factor(g, spec.supply_sd);
    for (const InputId k : spec.inputs.ids()) values[k] = spec.inputs[k].dist.quantile(uniform01(g));
  }

  // The drawn values that act after planning: prices, AI shares and price erosion.
  struct AfterPlan {
    std::vector<double> price_f;  // [class][period]
    IdVec<ClassTag, double> ai;
    double loose = 0, tight_rate = 0;
  };

  // One run: the model varied by the drawn values, planned, and read into `out` (a block).
  void run_one(supply::Model& m, const CustomerFactors& cust, const SupplierFactors& sup, const LineFactors& line,
               const InputValues& values, double* out) const {
    const AfterPlan after = vary(m, cust, sup, line, values);
    // The first plan only: the improvement pass re-plans the whole problem per try, which a
    // thousand runs cannot afford; the market reads flows and shortages, which it moves little.
    const supply::Plan plan = supply::plan_heuristic(m, {.improve_work = 0});
    std::fill(out, out + L.size, 0.0);
    const std::vector<double> due = record_flows(m, plan, out);
    record_value(after, due, out);
    record_binding(m, plan, out);
    record_outcomes(plan, values, out);
  }

  // Demand, capacities and reservations of `m`, varied by the drawn values.
  AfterPlan vary(supply::Model& m, const CustomerFactors& cust, const SupplierFactors& sup, const LineFactors& line,
                 const InputValues& values) const {
    const int T = L.T, C = L.C;
    // Demand.
    for (const supply::OrderId o : m.orders.ids()) {
      const auto& b = base.orders[o];
      double f = cust[b.customer];
      for (const InputId k : order_inputs[o]) f *= values[k];
      m.orders[o].qty = std::max<int64_t>(1, std::llround(static_cast<double>(b.qty) * f));
    }
    // Capacity: blanket noise, then inputs on suppliers and lines in their periods.
    IdVec<supply::SupplierTag, std::vector<double>> sup_f(m.suppliers.size());
    IdVec<supply::LineTag, std::vector<double>> line_f(m.lines.size());
    for (const supply::SupplierId s : m.suppliers.ids()) sup_f[s].assign(static_cast<size_t>(T), sup[s]);
    for (const supply::LineId l : m.lines.ids()) line_f[l].assign(static_cast<size_t>(T), line[l]);
    std::vector<double> price_f(static_cast<size_t>(C * T), 1);
    IdVec<ClassTag, double> ai(spec.classes.size());
    for (const ClassId c : spec.classes.ids()) ai[c] = spec.classes[c].ai_fraction;
    double loose = spec.erosion_loose, tight_rate = spec.erosion_tight;
    for (const InputId k : spec.inputs.ids()) {
      const Target& t = spec.inputs[k].target;
      const double v = values[k];
      switch (t.kind) {
        case Target::Kind::kSupplier: {
          auto& f = sup_f[std::get<supply::SupplierId>(t.of)];
          for (int p = t.first; p <= t.last; ++p) f[static_cast<size_t>(p)] *= v;
          break;
        }
        case Target::Kind::kLine: {
          auto& f = line_f[std::get<supply::LineId>(t.of)];
          for (int p = t.first; p <= t.last; ++p) f[static_cast<size_t>(p)] *= v;
          break;
        }
        case Target::Kind::kPrice:
          for (int p = t.first; p <= t.last; ++p) price_f[flat(std::get<ClassId>(t.of), T, p)] *= v;
          break;
        case Target::Kind::kAiFraction: ai[std::get<ClassId>(t.of)] = v; break;
        case Target::Kind::kErosionLoose: loose = v; break;
        case Target::Kind::kErosionTight: tight_rate = v; break;
        default: break;
      }
    }
    for (const supply::SupplierId s : m.suppliers.ids())
      for (int p = 0; p < T; ++p)
        m.suppliers[s].capacity[static_cast<size_t>(p)] = std::llround(
            static_cast<double>(base.suppliers[s].capacity[static_cast<size_t>(p)]) * sup_f[s][static_cast<size_t>(p)]);
    for (const supply::LineId l : m.lines.ids())
      for (int p = 0; p < T; ++p)
        m.lines[l].capacity[static_cast<size_t>(p)] = std::llround(
            static_cast<double>(base.lines[l].capacity[static_cast<size_t>(p)]) * line_f[l][static_cast<size_t>(p)]);
    // A reservation moves with the capacity it reserves (a share of the output) and never exceeds it.
    for (const supply::AgreementId a : m.agreements.ids()) {
      const auto& ba = base.agreements[a];
      const bool on_supplier = ba.supplier.valid();
      const auto& f = on_supplier ? sup_f[ba.supplier] : line_f[ba.line];
      const auto& cap = on_supplier ? m.suppliers[ba.supplier].capacity : m.lines[ba.line].capacity;
      for (size_t p = 0; p < ba.reserved.size(); ++p)
        m.agreements[a].reserved[p] =
            std::min<int64_t>(cap[p], std::llround(static_cast<double>(ba.reserved[p]) * f[p]));
    }

    return {std::move(price_f), std::move(ai), loose, tight_rate};
  }

  // Units shipped per class and period, each buyer's demand and units, backlog and mean wait per
  // period. Returns the units due per class and period.
  std::vector<double> record_flows(const supply::Model& m, const supply::Plan& plan, double* out) const {
    const int T = L.T, C = L.C, Y = L.Y;
    double* ship = out + L.shipments;
    std::vector<double> due(static_cast<size_t>(C * T), 0), all_due(static_cast<size_t>(T), 0),
        all_del(static_cast<size_t>(T), 0), late_units(static_cast<size_t>(T), 0);
    const auto buyer_slot = [&](supply::CustomerId customer, ClassId c, int t) {  // [buyer * classes + class][year]
      return (size_t{customer.v} * static_cast<size_t>(C) + c.v) * static_cast<size_t>(Y) +
             static_cast<size_t>(period_year[static_cast<size_t>(t)]);
    };
    for (const auto& o : m.orders) {
      const ClassId c = item_class[o.alternates.front()];
      all_due[static_cast<size_t>(o.due)] += static_cast<double>(o.qty);
      if (!c.valid()) continue;
      due[flat(c, T, o.due)] += static_cast<double>(o.qty);
      out[L.buyer_demand + buyer_slot(o.customer, c, o.due)] += static_cast<double>(o.qty);
    }
    for (const auto& op : plan.orders) {
      const auto& o = m.orders[op.order];
      for (const auto& d : op.deliveries) {
        const auto t = static_cast<size_t>(d.period);
        all_del[t] += static_cast<double>(d.qty);
        late_units[t] += static_cast<double>(d.qty) * std::max(0, d.period - o.due);
        const ClassId c = item_class[d.item];
        if (!c.valid()) continue;
        ship[flat(c, T, d.period)] += static_cast<double>(d.qty);
        out[L.buyer_units + buyer_slot(o.customer, c, d.period)] += static_cast<double>(d.qty);
      }
    }
    double cum_due = 0, cum_del = 0;
    for (int t = 0; t < T; ++t) {
      const auto ti = static_cast<size_t>(t);
      cum_due += all_due[ti];
      cum_del += all_del[ti];
      out[L.backlog + ti] = std::max(0.0, cum_due - cum_del);
      out[L.wait + ti] = all_del[ti] > 0 ? late_units[ti] / all_del[ti] : 0;
    }
    return due;
  }

  // Prices and value per class and period, and the high-speed share of the units per year.
  void record_value(const AfterPlan& after, const std::vector<double>& due, double* out) const {
    const int T = L.T, Y = L.Y;
    const double* ship = out + L.shipments;
    const std::vector<double>& price_f = after.price_f;
    const IdVec<ClassTag, double>& ai = after.ai;
    const double loose = after.loose, tight_rate = after.tight_rate;
    const double ppy = periods_per_year(base.grid.grain());
    std::vector<double> units(static_cast<size_t>(Y), 0), fast(static_cast<size_t>(Y), 0);
    for (const ClassId c : spec.classes.ids()) {
      const auto& pc = spec.classes[c];
      const int last_anchor = pc.prices.back().first;
      double cd = 0, cs = 0, eroded = 0;
      for (int t = 0; t < T; ++t) {
        const size_t k = flat(c, T, t);
        cd += due[k];
        cs += ship[k];
        const double backlog = std::max(0.0, cd - cs);
        const int yi = period_year[static_cast<size_t>(t)];
        const int year = year_of(yi);
        double p;
        if (year <= last_anchor) {
          p = pc.prices.front().second;
          for (const auto& [y, v] : pc.prices)
            if (y <= year) p = v;
        } else {  // erosion from the previous period's price: slower while the class is short
          const double full = spec.erosion_full_at * due[k];
          const double tight = full > 0 ? std::min(1.0, backlog / full) : (backlog > 0 ? 1.0 : 0.0);
          const double rate = loose - (loose - tight_rate) * tight;
          p = eroded * (1 - rate / ppy);
        }
        eroded = p;
        const double short_share = cd > 0 ? std::clamp(backlog / cd, 0.0, 1.0) : 0;
        const double price = p * price_f[k] * (1 + spec.premium * short_share);
        const double v = ship[k] * price;
        out[L.class_value + flat(c, Y, yi)] += v;
        out[L.class_units + flat(c, Y, yi)] += ship[k];
        out[L.period_value + static_cast<size_t>(t)] += v * ai[c];
        out[L.value + static_cast<size_t>(yi)] += v * ai[c];
        units[static_cast<size_t>(yi)] += ship[k];
        if (pc.high_speed) fast[static_cast<size_t>(yi)] += ship[k];
      }
    }
    for (int y = 0; y < Y; ++y)
      out[L.share + static_cast<size_t>(y)] =
          units[static_cast<size_t>(y)] > 0 ? fast[static_cast<size_t>(y)] / units[static_cast<size_t>(y)] : 0;
  }

  // A binding constraint as one number, as it is kept in a run's block of doubles: an item's
  // supply is the item's position, a line's capacity the number of items plus the line's position.
  int binding_key(const supply::Constraint& c) const {
    return c.kind == supply::Constraint::Kind::kSupply ? static_cast<int>(c.item().v)
                                                       : static_cast<int>(base.items.size() + c.line().v);
  }

  // Binding constraint per period: the one most short across the orders whose causes cover it,
  // counted from the order's due period on (a search back from the due date finds earlier
  // periods exhausted too; the order is not late in them). Key: binding_key().
  void record_binding(const supply::Model& m, const supply::Plan& plan, double* out) const {
    const int T = L.T;
    const int items = static_cast<int>(m.items.size());
    std::vector<double> weight(static_cast<size_t>(items) + m.lines.size());
    for (int t = 0; t < T; ++t) {
      std::fill(weight.begin(), weight.end(), 0.0);
      for (const auto& op : plan.orders)
        for (const auto& c : op.causes)
          if (std::max(c.first, m.orders[op.order].due) <= t && t <= c.last &&
              (c.constraint.kind == supply::Constraint::Kind::kSupply ||
               c.constraint.kind == supply::Constraint::Kind::kLine))
            weight[static_cast<size_t>(binding_key(c.constraint))] += static_cast<double>(c.short_qty);
      const auto best = std::max_element(weight.begin(), weight.end());
      out[L.binding + static_cast<size_t>(t)] = *best > 0 ? static_cast<double>(best - weight.begin()) : -1;
    }
  }

  // The drawn input values, each agreement's use, and which events happened.
  void record_outcomes(const supply::Plan& plan, const InputValues& values, double* out) const {
    const int Y = L.Y;
    for (const InputId k : spec.inputs.ids()) out[L.inputs + k.v] = values[k];
    for (const supply::AgreementId a : plan.agreements.ids()) {
      const auto& u = plan.agreements[a];
      const size_t at = L.agreements + 3 * size_t{a.v};
      out[at] = static_cast<double>(u.reserved);
      out[at + 1] = static_cast<double>(u.used);
      out[at + 2] = static_cast<double>(u.released);
    }
    for (const EventId e : spec.events.ids()) {
      const Event& ev = spec.events[e];
      bool happened = false;
      if (ev.kind == Event::Kind::kShort) {
        for (const auto& op : plan.orders)
          for (const auto& c : op.causes)
            if (c.constraint.kind == supply::Constraint::Kind::kSupply && c.last > ev.after &&
                std::find(ev.items.begin(), ev.items.end(), c.constraint.item()) != ev.items.end())
              happened = true;
      } else {
        const int y = ev.year - base.grid.year(0);
        const size_t yi = static_cast<size_t>(y);
        const double v = ev.kind == Event::Kind::kShipments ? out[L.class_units + flat(ev.cls, Y, y)]
                         : ev.kind == Event::Kind::kValue   ? out[L.value + yi]
                                                            : out[L.share + yi];
        happened = ev.below ? v < ev.threshold : v > ev.threshold;
      }
      out[L.events + e.v] = happened ? 1 : 0;
    }
  }

  // A run with the given input values and no noise (base run and tornado ends); `relieve`, when
  // given, is a binding key (binding_key()) whose capacity is raised by kRelief.
  static constexpr double kRelief = 1.1;
  std::vector<double> fixed_run(const InputValues& values, int relieve = -1) const {
    supply::Model m = base;
    CustomerFactors cust(base.customers.size(), 1);
    SupplierFactors sup(base.suppliers.size(), 1);
    LineFactors line(base.lines.size(), 1);
    std::vector<double> out(L.size);
    const int items = static_cast<int>(base.items.size());
    if (relieve >= items)
      line[supply::LineId::from(static_cast<size_t>(relieve - items))] = kRelief;
    else if (relieve >= 0)
      for (const supply::SupplierId s : base.items[supply::ItemId::from(static_cast<size_t>(relieve))].suppliers)
        sup[s] = kRelief;
    run_one(m, cust, sup, line, values, out.data());
    return out;
  }

  // Units shipped in period t by a run's figures.
  double shipped(const std::vector<double>& run, int t) const {
    double units = 0;
    for (int c = 0; c < L.C; ++c) units += run[L.shipments + static_cast<size_t>(c * L.T + t)];
    return units;
  }
};

MarketSimulation::MarketSimulation(const supply::Model& model, const MarketSpec& spec)
    : impl_(std::make_unique<Impl>(model, spec)) {}
MarketSimulation::~MarketSimulation() = default;
size_t MarketSimulation::block_size() const { return impl_->L.size; }

void MarketSimulation::run(int first, int stride, int threads, std::vector<double>& out,
                           const Progress& progress) const {
  const Impl& im = *impl_;
  std::vector<int> ids;
  for (int r = first; r < im.spec.runs; r += stride) ids.push_back(r);
  const size_t at = out.size(), B = im.L.size;
  out.resize(at + ids.size() * B);
  const int n = static_cast<int>(ids.size());
  const int workers = std::max(1, std::min(threads, n));
  std::atomic<int> done{0};
  const auto work = [&](int w) {
    supply::Model m = im.base;  // one working copy per thread: each run rewrites its numbers
    Impl::CustomerFactors cust;
    Impl::SupplierFactors sup;
    Impl::LineFactors line;
    Impl::InputValues values;
    for (int k = w; k < n; k += workers) {
      im.draw(ids[static_cast<size_t>(k)], cust, sup, line, values);
      im.run_one(m, cust, sup, line, values, out.data() + at + static_cast<size_t>(k) * B);
      const int d = ++done;
      if (w == 0 && progress) progress(d, n);
    }
  };
  std::vector<std::thread> pool;
  for (int w = 1; w < workers; ++w) pool.emplace_back(work, w);
  work(0);
  for (auto& t : pool) t.join();
  if (progress) progress(n, n);
}

MarketResult MarketSimulation::reduce(const std::vector<double>& all) const {
  const Impl& im = *impl_;
  const Layout& L = im.L;
  const auto& spec = im.spec;
  const auto& model = im.base;
  const int R = static_cast<int>(all.size() / L.size);
  Impl::InputValues medians(spec.inputs.size());
  for (const InputId k : spec.inputs.ids()) medians[k] = spec.inputs[k].dist.median();
  const std::vector<double> base = im.fixed_run(medians);

  MarketResult out;
  out.runs = R;
  for (int t = 0; t < L.T; ++t) out.periods.push_back(model.grid.label(t));
  for (int y = 0; y < L.Y; ++y) out.years.push_back(im.year_of(y));
  for (const auto& c : spec.classes) out.classes.push_back(c.id);
  std::vector<double> v(static_cast<size_t>(R));
  const auto band = [&](size_t slot) {
    for (int r = 0; r < R; ++r) v[static_cast<size_t>(r)] = all[static_cast<size_t>(r) * L.size + slot];
    std::sort(v.begin(), v.end());
    const auto at = [&](double q) { return R ? v[static_cast<size_t>(std::floor(q * (R - 1) + 1e-9))] : base[slot]; };
    return Band{at(0.1), at(0.5), at(0.9), base[slot]};
  };
  const auto grid = [&](size_t start, int rows, int cols) {
    std::vector<std::vector<Band>> g(static_cast<size_t>(rows));
    for (int r = 0; r < rows; ++r)
      for (int c = 0; c < cols; ++c)
        g[static_cast<size_t>(r)].push_back(band(start + static_cast<size_t>(r * cols + c)));
    return g;
  };
  out.shipments = grid(L.shipments, L.C, L.T);
  out.class_value = grid(L.class_value, L.C, L.Y);
  out.class_units = grid(L.class_units, L.C, L.Y);
  for (int y = 0; y < L.Y; ++y) {
    out.value.push_back(band(L.value + static_cast<size_t>(y)));
    out.high_speed_share.push_back(band(L.share + static_cast<size_t>(y)));
    int last = 0;
    for (int t = 0; t < L.T; ++t)
      if (im.period_year[static_cast<size_t>(t)] == y) last = t;
    out.year_backlog.push_back(band(L.backlog + static_cast<size_t>(last)));
  }
  const int items = static_cast<int>(model.items.size());
  const auto binding_name = [&](int key) {  // of a binding_key()
    return key < items ? model.items[supply::ItemId::from(static_cast<size_t>(key))].id + " supply"
                       : "line " + model.lines[supply::LineId::from(static_cast<size_t>(key - items))].id;
  };
  // The binding constraint of each period, by a marginal test: of the constraints the runs name as
  // causes, the one whose relief (+10% capacity, the base run otherwise) ships the most more units
  // in that period. Naming alone is not binding: a part every late order names may not be the one
  // whose relief ships more (another limits the same modules). Its share of runs naming it is kept.
  std::vector<std::map<int, int>> votes(static_cast<size_t>(L.T));
  std::set<int> named;
  for (int t = 0; t < L.T; ++t)
    for (int r = 0; r < R; ++r) {
      const int key = static_cast<int>(all[static_cast<size_t>(r) * L.size + L.binding + static_cast<size_t>(t)]);
      if (key >= 0) ++votes[static_cast<size_t>(t)][key], named.insert(key);
    }
  std::map<int, std::vector<double>> relieved;
  for (int key : named) relieved[key] = im.fixed_run(medians, key);
  for (int t = 0; t < L.T; ++t) {
    const size_t ti = static_cast<size_t>(t);
    out.period_value.push_back(band(L.period_value + ti));
    out.backlog.push_back(band(L.backlog + ti));
    out.wait.push_back(band(L.wait + ti));
    int best = -1;
    double gain = 0.5;  // at least one unit more
    for (const auto& [key, run] : relieved)
      if (const double g = im.shipped(run, t) - im.shipped(base, t); g > gain) best = key, gain = g;
    out.binding.push_back(best < 0 ? std::string() : binding_name(best));
    out.binding_gain.push_back(best < 0 ? 0 : gain);
    const auto& named_here = votes[ti];
    const auto it = named_here.find(best);
    out.binding_frequency.push_back(R && it != named_here.end() ? static_cast<double>(it->second) / R : 0);
  }
  for (int k = 0; k < L.I; ++k) out.inputs.push_back(band(L.inputs + static_cast<size_t>(k)));
  for (const auto& c : model.customers) out.buyers.push_back(c.id);
  out.buyer_demand = grid(L.buyer_demand, L.K * L.C, L.Y);
  out.buyer_units = grid(L.buyer_units, L.K * L.C, L.Y);
  for (const auto& a : model.agreements) out.agreement_ids.push_back(a.id);
  out.agreements = grid(L.agreements, L.A, 3);
  for (int e = 0; e < L.E; ++e) {
    double n = 0;
    for (int r = 0; r < R; ++r) n += all[static_cast<size_t>(r) * L.size + L.events + static_cast<size_t>(e)];
    out.event_probability.push_back(R ? n / R : 0);
    out.event_base.push_back(base[L.events + static_cast<size_t>(e)] > 0.5);
  }
  // Tornado: one input at a time at its P10 and P90, the others at their medians.
  out.focus_year = spec.focus_year;
  const size_t focus = L.value + static_cast<size_t>(spec.focus_year - model.grid.year(0));
  for (const InputId k : spec.inputs.ids()) {
    TornadoBar bar;
    bar.input = k;
    Impl::InputValues values = medians;
    bar.low_input = values[k] = spec.inputs[k].dist.quantile(0.1);
    bar.low = im.fixed_run(values)[focus];
    bar.high_input = values[k] = spec.inputs[k].dist.quantile(0.9);
    bar.high = im.fixed_run(values)[focus];
    out.tornado.push_back(bar);
  }
  std::stable_sort(out.tornado.begin(), out.tornado.end(),
                   [](const TornadoBar& a, const TornadoBar& b) { return a.swing() > b.swing(); });
  return out;
}

MarketResult simulate_market(const supply::Model& model, const MarketSpec& spec, int threads,
                             const Progress& progress) {
  MarketSimulation sim(model, spec);
  std::vector<double> all;
  sim.run(0, 1, threads, all, progress);
  return sim.reduce(all);
}

}  // namespace opticplan::market
