#include "services/scoring/convert/scoring_proto_convert.h"

#include <cmath>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/types/type_proto_convert.h"

namespace dyadscope::scoring {
namespace {

template <typename Enum>
Enum Checked(int value, bool (*is_valid)(int), const std::string& field,
             FieldViolations& violations) {
  if (!is_valid(value)) {
    violations.Add(field, absl::StrCat("unknown value ", value));
    return static_cast<Enum>(0);
  }
  return static_cast<Enum>(value);
}

double Finite(double value, const std::string& field,
              FieldViolations& violations) {
  if (!std::isfinite(value)) violations.Add(field, "must be a finite number");
  return value;
}

void SobolToProto(const std::optional<SobolIndices>& sobol,
                  v1::SobolIndices* proto) {
  if (!sobol) return;
  proto->set_first_order(sobol->first_order);
  proto->set_total(sobol->total);
}

}  // namespace

ScoringModel ModelFromProto(const v1::ScoringModel& proto,
                            absl::string_view field,
                            FieldViolations& violations) {
  ScoringModel model;
  model.model_id = proto.model_id();
  model.version = proto.version();
  model.description = proto.description();
  for (int i = 0; i < proto.indices_size(); ++i) {
    const v1::IndexDefinition& p = proto.indices(i);
    const std::string path = absl::StrCat(field, ".indices[", i, "]");
    IndexDefinition index;
    index.index = Checked<Index>(p.index(), v1::Index_IsValid, path + ".index",
                                 violations);
    index.display_name = p.display_name();
    index.description = p.description();
    index.aggregation =
        Checked<Aggregation>(p.aggregation(), v1::Aggregation_IsValid,
                             path + ".aggregation", violations);
    if (p.has_min_coverage()) {
      index.min_coverage =
          Finite(p.min_coverage(), path + ".min_coverage", violations);
    }
    for (int j = 0; j < p.components_size(); ++j) {
      const v1::Component& c = p.components(j);
      const std::string cpath = absl::StrCat(path, ".components[", j, "]");
      Component component;
      component.indicator_id = c.indicator_id();
      component.display_name = c.display_name();
      component.weight = Finite(c.weight(), cpath + ".weight", violations);
      component.direction =
          Checked<Direction>(c.direction(), v1::Direction_IsValid,
                             cpath + ".direction", violations);
      component.normalization = Checked<NormalizationMethod>(
          c.normalization(), v1::NormalizationMethod_IsValid,
          cpath + ".normalization", violations);
      if (c.has_min_max()) {
        component.min_max = MinMaxNormalization{
            Finite(c.min_max().lower_goalpost(),
                   cpath + ".min_max.lower_goalpost", violations),
            Finite(c.min_max().upper_goalpost(),
                   cpath + ".min_max.upper_goalpost", violations)};
      }
      if (c.has_z_score()) {
        component.z_score = ZScoreNormalization{
            Finite(c.z_score().reference_mean(),
                   cpath + ".z_score.reference_mean", violations),
            Finite(c.z_score().reference_standard_deviation(),
                   cpath + ".z_score.reference_standard_deviation", violations),
            c.z_score().reference_description()};
      }
      component.rationale = c.rationale();
      component.unit = c.unit();
      index.components.push_back(std::move(component));
    }
    model.indices.push_back(std::move(index));
  }
  model.thresholds = ThresholdsFromProto(proto.thresholds());
  return model;
}

void ModelToProto(const ScoringModel& model, v1::ScoringModel* proto) {
  proto->set_model_id(model.model_id);
  proto->set_version(model.version);
  proto->set_description(model.description);
  for (const IndexDefinition& index : model.indices) {
    v1::IndexDefinition* p = proto->add_indices();
    p->set_index(static_cast<v1::Index>(index.index));
    p->set_display_name(index.display_name);
    p->set_description(index.description);
    p->set_aggregation(static_cast<v1::Aggregation>(index.aggregation));
    if (index.min_coverage) p->set_min_coverage(*index.min_coverage);
    for (const Component& c : index.components) {
      v1::Component* out = p->add_components();
      out->set_indicator_id(c.indicator_id);
      out->set_display_name(c.display_name);
      out->set_weight(c.weight);
      out->set_direction(static_cast<v1::Direction>(c.direction));
      out->set_normalization(
          static_cast<v1::NormalizationMethod>(c.normalization));
      if (c.min_max) {
        out->mutable_min_max()->set_lower_goalpost(c.min_max->lower_goalpost);
        out->mutable_min_max()->set_upper_goalpost(c.min_max->upper_goalpost);
      }
      if (c.z_score) {
        out->mutable_z_score()->set_reference_mean(c.z_score->reference_mean);
        out->mutable_z_score()->set_reference_standard_deviation(
            c.z_score->reference_standard_deviation);
        out->mutable_z_score()->set_reference_description(
            c.z_score->reference_description);
      }
      out->set_rationale(c.rationale);
      out->set_unit(c.unit);
    }
  }
  ThresholdsToProto(model.thresholds, proto->mutable_thresholds());
}

ClassificationThresholds ThresholdsFromProto(
    const v1::ClassificationThresholds& proto) {
  ClassificationThresholds thresholds;
  if (proto.has_convergence_threshold()) {
    thresholds.convergence_threshold = proto.convergence_threshold();
  }
  if (proto.has_interdependence_threshold()) {
    thresholds.interdependence_threshold = proto.interdependence_threshold();
  }
  return thresholds;
}

void ThresholdsToProto(const ClassificationThresholds& thresholds,
                       v1::ClassificationThresholds* proto) {
  if (thresholds.convergence_threshold) {
    proto->set_convergence_threshold(*thresholds.convergence_threshold);
  }
  if (thresholds.interdependence_threshold) {
    proto->set_interdependence_threshold(*thresholds.interdependence_threshold);
  }
}

void MonteCarloToProto(const MonteCarloSettings& settings,
                       v1::MonteCarloSettings* proto) {
  proto->set_draws(settings.draws);
  if (settings.seed) proto->set_seed(*settings.seed);
  if (settings.weight_perturbation) {
    proto->set_weight_perturbation(*settings.weight_perturbation);
  }
  proto->set_vary_normalization(settings.vary_normalization);
  proto->set_vary_aggregation(settings.vary_aggregation);
}

void KnownIndicatorToProto(const KnownIndicator& indicator,
                           v1::KnownIndicator* proto) {
  proto->set_indicator_id(indicator.indicator_id);
  proto->set_display_name(indicator.display_name);
  proto->set_unit(indicator.unit);
  proto->set_description(indicator.description);
  proto->set_origin(indicator.origin);
}

ScoreRequest ScoreRequestFromProto(const v1::ScoreRequest& proto,
                                   FieldViolations& violations) {
  ScoreRequest request;
  if (proto.has_model()) {
    request.model = ModelFromProto(proto.model(), "model", violations);
  }
  request.thresholds = ThresholdsFromProto(proto.thresholds());
  for (int i = 0; i < proto.periods_size(); ++i) {
    const v1::PeriodIndicators& p = proto.periods(i);
    const std::string path = absl::StrCat("periods[", i, "]");
    PeriodIndicators period;
    const type::v1::Period& pp = p.period();
    period.period =
        Period{pp.name(), pp.start_year(), std::nullopt, pp.display_name()};
    if (pp.has_end_year()) period.period.end_year = pp.end_year();
    for (int j = 0; j < p.values_size(); ++j) {
      const v1::IndicatorValue& v = p.values(j);
      const std::string vpath = absl::StrCat(path, ".values[", j, "]");
      IndicatorValue value;
      value.indicator_id = v.indicator_id();
      if (v.has_value())
        value.value = Finite(v.value(), vpath + ".value", violations);
      if (v.has_standard_error()) {
        value.standard_error =
            Finite(v.standard_error(), vpath + ".standard_error", violations);
      }
      value.note = v.note();
      period.values.push_back(std::move(value));
    }
    request.periods.push_back(std::move(period));
  }
  const v1::MonteCarloSettings& mc = proto.monte_carlo();
  request.monte_carlo.draws = mc.draws();
  if (mc.has_seed()) request.monte_carlo.seed = mc.seed();
  if (mc.has_weight_perturbation()) {
    request.monte_carlo.weight_perturbation =
        Finite(mc.weight_perturbation(), "monte_carlo.weight_perturbation",
               violations);
  }
  request.monte_carlo.vary_normalization = mc.vary_normalization();
  request.monte_carlo.vary_aggregation = mc.vary_aggregation();
  request.sensitivity.skip = proto.sensitivity().skip();
  request.sensitivity.base_samples = proto.sensitivity().base_samples();
  if (proto.has_change_confidence_level()) {
    request.change_confidence_level = proto.change_confidence_level();
  }
  return request;
}

void ScoreResponseToProto(const ScoreResponse& response,
                          v1::ScoreResponse* proto) {
  for (const PeriodScore& period : response.periods) {
    v1::PeriodScore* p = proto->add_periods();
    PeriodToProto(period.period, p->mutable_period());
    for (const IndexScore& index : period.indices) {
      v1::IndexScore* out = p->add_indices();
      out->set_index(static_cast<v1::Index>(index.index));
      if (index.score) out->set_score(*index.score);
      out->set_coverage(index.coverage);
      out->set_insufficient(index.insufficient);
      for (const ComponentResult& c : index.components) {
        v1::ComponentResult* cr = out->add_components();
        cr->set_indicator_id(c.indicator_id);
        if (c.raw_value) cr->set_raw_value(*c.raw_value);
        if (c.standard_error) cr->set_standard_error(*c.standard_error);
        if (c.normalized_value) cr->set_normalized_value(*c.normalized_value);
        cr->set_weight(c.weight);
        cr->set_effective_weight(c.effective_weight);
        if (c.contribution) cr->set_contribution(*c.contribution);
        cr->set_missing(c.missing);
        SobolToProto(c.value_sensitivity, cr->mutable_value_sensitivity());
        SobolToProto(c.weight_sensitivity, cr->mutable_weight_sensitivity());
      }
      if (index.distribution) {
        v1::ScoreDistribution* d = out->mutable_distribution();
        d->set_p5(index.distribution->p5);
        d->set_p50(index.distribution->p50);
        d->set_p95(index.distribution->p95);
        d->set_mean(index.distribution->mean);
        d->set_standard_deviation(index.distribution->standard_deviation);
        d->set_draws(index.distribution->draws);
      }
    }
    p->set_relationship_class(
        static_cast<v1::RelationshipClass>(period.relationship_class));
    for (const ClassProbability& cp : period.class_probabilities) {
      v1::ClassProbability* out = p->add_class_probabilities();
      out->set_relationship_class(
          static_cast<v1::RelationshipClass>(cp.relationship_class));
      out->set_probability(cp.probability);
    }
    for (const ClassFlip& flip : period.class_flips) {
      v1::ClassFlip* out = p->add_class_flips();
      out->set_indicator_id(flip.indicator_id);
      out->set_index(static_cast<v1::Index>(flip.index));
      out->set_flip_possible(flip.flip_possible);
      if (flip.required_change) out->set_required_change(*flip.required_change);
      if (flip.flip_value) out->set_flip_value(*flip.flip_value);
      out->set_flipped_class(
          static_cast<v1::RelationshipClass>(flip.flipped_class));
    }
  }
  for (const PeriodChange& change : response.changes) {
    v1::PeriodChange* out = proto->add_changes();
    out->set_from_period(change.from_period);
    out->set_to_period(change.to_period);
    for (const IndexChange& ic : change.index_changes) {
      v1::IndexChange* c = out->add_index_changes();
      c->set_index(static_cast<v1::Index>(ic.index));
      if (ic.change) c->set_change(*ic.change);
      if (ic.interval) {
        c->mutable_interval()->set_lower(ic.interval->lower);
        c->mutable_interval()->set_upper(ic.interval->upper);
        c->mutable_interval()->set_confidence_level(
            ic.interval->confidence_level);
        c->mutable_interval()->set_method(
            type::v1::INTERVAL_METHOD_MONTE_CARLO);
        c->mutable_interval()->set_draws(ic.interval->draws);
      }
      if (ic.probability_increase) {
        c->set_probability_increase(*ic.probability_increase);
      }
    }
    out->set_from_class(static_cast<v1::RelationshipClass>(change.from_class));
    out->set_to_class(static_cast<v1::RelationshipClass>(change.to_class));
    out->set_class_changed(change.class_changed);
  }
  ModelToProto(response.model, proto->mutable_model());
  ThresholdsToProto(response.thresholds, proto->mutable_thresholds());
  MonteCarloToProto(response.monte_carlo, proto->mutable_monte_carlo());
}

}  // namespace dyadscope::scoring
