#include "opticplan/select/select.h"

#include <gtest/gtest.h>

#include "opticplan/scenario/read_catalog.h"

using namespace opticplan;
using namespace opticplan::catalog;

namespace {

// A small hand-made catalog: the expected figures below are worked out by hand from it.
const char* kCatalog = R"(
sources:
  s: {title: test}
components:
  - {id: eml, kind: eml, source: s}
  - {id: cw, kind: cw_laser, source: s}
pmds:
  - {id: DR8, speed: 800G, lanes: 8, lane_rate: 100G, modulation: PAM4, fiber: smf, wavelength: 1310 nm,
     reach: 500 m, max_channel_loss: 3.0 dB, connector: MPO-16 APC, source: s}
  - {id: DR8-2, speed: 800G, lanes: 8, lane_rate: 100G, modulation: PAM4, fiber: smf, wavelength: 1310 nm,
     reach: 2 km, max_channel_loss: 3.5 dB, connector: MPO-16 APC, source: s}
  - {id: SR8, speed: 800G, lanes: 8, lane_rate: 100G, modulation: PAM4, fiber: mmf, wavelength: 850 nm,
     reach: {OM3: 60 m, OM4: 100 m}, max_channel_loss: {OM3: 1.8 dB, OM4: 1.9 dB}, connector: MPO-16 APC, source: s}
transceivers:
  - {id: dr8, pmd: DR8, form_factor: OSFP, optics: eml, electrical: dsp, power: 15 W, price: {2026: $400},
     bom: [{component: eml, qty: 8}], source: s}
  - {id: dr8-2-eml, pmd: DR8-2, form_factor: OSFP, optics: eml, electrical: dsp, power: 16 W, price: {2026: $600},
     bom: [{component: eml, qty: 8}], source: s}
  - {id: dr8-2-siph, pmd: DR8-2, form_factor: OSFP, optics: siph, electrical: dsp, power: 14 W, price: {2026: $500},
     bom: [{component: cw, qty: 2}], source: s}
  - {id: dr8-2-lpo, pmd: DR8-2, form_factor: OSFP, optics: siph, electrical: lpo, power: 8 W, price: {2026: $300},
     bom: [{component: cw, qty: 2}], source: s}
  - {id: sr8, pmd: SR8, form_factor: OSFP, optics: vcsel, electrical: dsp, power: 12 W, price: {2026: $300},
     bom: [], source: s}
)";

Catalog make(Diagnostics& d) {
  static Node root;
  root = parse_document(kCatalog, "c.yaml", d);
  CatalogBuilder b;
  for (const auto& m : root.members) b.collect(m.key, m.value, m.key, d);
  return b.build(d);
}

Requirement req_800g(double meters_long) {
  Requirement r;
  r.speed = gbps(800);
  r.channel.length = meters(meters_long);
  return r;
}

}  // namespace

TEST(Select, RanksByCostAndExplainsRejections) {
  Diagnostics d;
  const Catalog c = make(d);
  ASSERT_TRUE(d.ok()) << d.str();
  const Selection s = select(c, req_800g(1200));
  ASSERT_EQ(s.candidates.size(), 2u);
  EXPECT_EQ(s.candidates[0].id, "dr8-2-siph");  // $500 < $600; LPO is refused by default
  EXPECT_EQ(s.candidates[1].id, "dr8-2-eml");
  // 0.4 dB/km x 1.2 km + 2 x 0.75 dB = 1.98 dB; margin 3.5 - 1.98 = 1.52 dB.
  EXPECT_NEAR(s.candidates[0].channel_loss.value(), 1.98, 1e-9);
  EXPECT_NEAR(s.candidates[0].loss_margin.value(), 1.52, 1e-9);
  EXPECT_DOUBLE_EQ(s.candidates[1].lasers_per_link, 8);
  ASSERT_EQ(s.rejected.size(), 2u);
  EXPECT_EQ(s.rejected[0].family, "DR8");
  EXPECT_EQ(s.rejected[0].reasons, std::vector<std::string>{"reach 500 m < 1.2 km"});
  EXPECT_EQ(s.rejected[1].family, "SR8");
  EXPECT_EQ(s.rejected[1].reasons[0], "multimode fibre (requirement: single-mode)");
}

TEST(Select, AllowDenyPowerCapAndLoss) {
  Diagnostics d;
  const Catalog c = make(d);
  Requirement r = req_800g(1200);
  ASSERT_TRUE(apply_allow(r, "lpo"));
  ASSERT_TRUE(apply_deny(r, "eml"));
  EXPECT_FALSE(apply_deny(r, "magic"));
  Selection s = select(c, r);
  ASSERT_EQ(s.candidates.size(), 2u);
  EXPECT_EQ(s.candidates[0].id, "dr8-2-lpo");
  r.max_power = watts(10);
  s = select(c, r);
  ASSERT_EQ(s.candidates.size(), 1u);
  // Loss: 2 km reach but 12 connectors => 0.48 + 9 dB > 3.5 dB.
  Requirement lossy = req_800g(1200);
  lossy.channel.connectors = 12;
  s = select(c, lossy);
  EXPECT_TRUE(s.candidates.empty());
  ASSERT_FALSE(s.rejected.empty());
  EXPECT_EQ(s.rejected[0].family, "DR8");
  EXPECT_EQ(s.rejected[1].family, "DR8-2");
  EXPECT_EQ(s.rejected[1].reasons[0], "channel loss 9.48 dB > 3.5 dB allowed");
}

TEST(Select, MultimodeReachByGrade) {
  Diagnostics d;
  const Catalog c = make(d);
  Requirement r = req_800g(80);
  r.channel.fiber = Fiber::kMmf;
  r.channel.grade = FiberGrade::kOM4;
  Selection s = select(c, r);
  ASSERT_EQ(s.candidates.size(), 1u);
  EXPECT_EQ(s.candidates[0].id, "sr8");
  r.channel.grade = FiberGrade::kOM3;
  s = select(c, r);
  EXPECT_TRUE(s.candidates.empty());
  EXPECT_EQ(s.rejected.back().reasons[0], "reach 60 m < 80 m");
}

TEST(Select, RankByPowerAndMix) {
  Diagnostics d;
  const Catalog c = make(d);
  Requirement r = req_800g(300);
  r.rank = Rank::kPower;
  Selection s = select(c, r);
  ASSERT_EQ(s.candidates.size(), 3u);
  EXPECT_EQ(s.candidates[0].id, "dr8-2-siph");  // 14 W
  r.rank = Rank::kMix;
  r.cost_weight = 1.0;
  s = select(c, r);
  EXPECT_EQ(s.candidates[0].id, "dr8");  // $400 cheapest
  EXPECT_DOUBLE_EQ(s.candidates[0].score, 1.0);
  EXPECT_DOUBLE_EQ(s.candidates[1].score, 1.25);
}
