package dev.timbre.eval;

import dev.timbre.predict.Window;
import dev.timbre.predict.WindowPolicy;
import dev.timbre.predict.Windowing;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.timbre.dataset.Instrument;
import dev.timbre.testing.SharedData;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

/** Windowing, decision rules and metrics against ../shared/golden (the study's code, scikit-learn). */
class EvalGoldenTest {

    static JsonNode json(String name) throws IOException {
        return new ObjectMapper().readTree(SharedData.golden(name).toFile());
    }

    static List<String> codes() {
        return Instrument.ALL.stream().map(Instrument::code).toList();
    }

    @Test
    void studyCutterMatches() throws IOException {
        for (JsonNode c : json("cutter.json").get("cases")) {
            Windowing w = new Windowing(c.get("window").asInt(), c.get("overlap").asDouble(), WindowPolicy.STUDY);
            List<Integer> starts = w.cut(c.get("length").asLong()).stream().map(Window::start).toList();
            List<Integer> expected = new ArrayList<>();
            c.get("starts").forEach(s -> expected.add(s.asInt()));
            assertThat(starts).as("length " + c.get("length")).isEqualTo(expected);
        }
    }

    @Test
    void coverReachesTheEndOfEveryClip() throws IOException {
        for (JsonNode c : json("cutter.json").get("cases")) {
            long len = c.get("length").asLong();
            Windowing w = Windowing.cover(132_299);
            List<Window> ws = w.cut(len);
            Window last = ws.get(ws.size() - 1);
            assertThat((long) last.start() + last.frames()).isEqualTo(len);
            assertThat(ws.get(0).start()).isZero();
            for (int i = 1; i < ws.size(); i++) {
                assertThat(ws.get(i).start()).isGreaterThan(ws.get(i - 1).start());
                // consecutive windows overlap or touch: nothing is skipped
                assertThat(ws.get(i).start()).isLessThanOrEqualTo(ws.get(i - 1).start() + 132_299);
            }
        }
        assertThat(Windowing.cover(100).cut(40)).containsExactly(new Window(0, 40));
        assertThat(Windowing.cover(100).cut(250)).extracting(Window::start).containsExactly(0, 75, 150);
        assertThat(Windowing.cover(100).cut(240)).extracting(Window::start).containsExactly(0, 75, 140);
    }

    @Test
    void rulesSelectTheGoldenClasses() throws IOException {
        for (JsonNode c : json("aggregation.json").get("cases")) {
            float[][] logits = logits(c.get("logits"));
            assertThat(selected(MajorityVote.third(), logits)).isEqualTo(ints(c.get("majority_third")));
            assertThat(selected(new MeanSigmoid(0.1, MeanSigmoid.Reduction.MEAN), logits))
                    .isEqualTo(ints(c.get("s1_mean_gt_0.1")));
            assertThat(selected(new MeanSigmoid(0.1, MeanSigmoid.Reduction.SUM), logits))
                    .isEqualTo(ints(c.get("s1_sum_gt_0.1_as_in_seed_code")));
            assertThat(selected(new NormalizedSum(0.4), logits)).isEqualTo(ints(c.get("s2_normalised_sum_gt_0.4")));
        }
    }

    @Test
    void metricsMatchScikitLearn() throws IOException {
        for (JsonNode c : json("metrics.json").get("cases")) {
            boolean[][] t = bools(c.get("y_true"));
            boolean[][] p = bools(c.get("y_pred"));
            MultiLabelMetrics.Scores s = MultiLabelMetrics.score(t, p, codes());
            assertPrf(s.micro(), c.get("micro"));
            assertPrf(s.macro(), c.get("macro"));
            JsonNode pc = c.get("per_class");
            for (int k = 0; k < 11; k++) {
                MultiLabelMetrics.ClassScores cs = s.perClass().get(k);
                assertThat(cs.precision()).isCloseTo(pc.get("precision").get(k).asDouble(), offset(1e-9));
                assertThat(cs.recall()).isCloseTo(pc.get("recall").get(k).asDouble(), offset(1e-9));
                assertThat(cs.f1()).isCloseTo(pc.get("f1").get(k).asDouble(), offset(1e-9));
                assertThat(cs.support()).isEqualTo(pc.get("support").get(k).asInt());
            }
            double[][] scores = doubles(c.get("scores"));
            assertThat(MultiLabelMetrics.labelRankingAveragePrecision(t, scores))
                    .isCloseTo(c.get("lrap").asDouble(), offset(1e-9));
        }
    }

    @Test
    void rulesRoundTripThroughTheirSpec() {
        for (DecisionRule r : List.of(MajorityVote.third(), new MeanSigmoid(0.1, MeanSigmoid.Reduction.MEAN),
                new MeanSigmoid(0.25, MeanSigmoid.Reduction.SUM), new NormalizedSum(0.4))) {
            DecisionRule back = DecisionRule.parse(r.spec());
            assertThat(back.spec()).isEqualTo(r.spec());
            float[][] logits = {{1, -2, 0.5f}, {-1, 2, 0.4f}, {0.2f, 0.1f, 3}, {3, 0, 0}, {0, 0, 1}, {1, 2, 3}};
            assertThat(back.decide(logits).selected()).isEqualTo(r.decide(logits).selected());
        }
        assertThat(DecisionRule.parse("s2").spec()).isEqualTo("s2:0.4");
        assertThatThrownBy(() -> DecisionRule.parse("s3:0.1")).hasMessageContaining("unknown decision rule");
        assertThatThrownBy(() -> DecisionRule.parse("s1:abc")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> new NormalizedSum(0.4).decide(new float[0][]))
                .hasMessageContaining("at least one window");
        assertThatThrownBy(() -> MultiLabelMetrics.score(new boolean[1][11], new boolean[2][11], codes()))
                .hasMessageContaining("1 clips");
    }

    @Test
    void confusionCountsMistakesAgainstPresentClasses() {
        boolean[][] t = {{true, false, false}, {true, true, false}};
        boolean[][] p = {{true, true, false}, {false, true, true}};
        long[][] m = MultiLabelMetrics.confusion(t, p);
        assertThat(m[0]).containsExactly(1, 1, 1); // clip 1: 0 right, 1 wrong; clip 2: 2 wrong (1 is present)
        assertThat(m[1]).containsExactly(0, 1, 1);
    }

    static void assertPrf(MultiLabelMetrics.Prf prf, JsonNode ref) {
        assertThat(prf.precision()).isCloseTo(ref.get("precision").asDouble(), offset(1e-9));
        assertThat(prf.recall()).isCloseTo(ref.get("recall").asDouble(), offset(1e-9));
        assertThat(prf.f1()).isCloseTo(ref.get("f1").asDouble(), offset(1e-9));
    }

    static List<Integer> selected(DecisionRule r, float[][] logits) {
        boolean[] s = r.decide(logits).selected();
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < s.length; i++) {
            if (s[i]) {
                out.add(i);
            }
        }
        return out;
    }

    static List<Integer> ints(JsonNode a) {
        List<Integer> out = new ArrayList<>();
        a.forEach(v -> out.add(v.asInt()));
        return out;
    }

    static float[][] logits(JsonNode a) {
        float[][] out = new float[a.size()][];
        for (int i = 0; i < a.size(); i++) {
            out[i] = new float[a.get(i).size()];
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] = (float) a.get(i).get(j).asDouble();
            }
        }
        return out;
    }

    static boolean[][] bools(JsonNode a) {
        boolean[][] out = new boolean[a.size()][];
        for (int i = 0; i < a.size(); i++) {
            out[i] = new boolean[a.get(i).size()];
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] = a.get(i).get(j).asInt() != 0;
            }
        }
        return out;
    }

    static double[][] doubles(JsonNode a) {
        double[][] out = new double[a.size()][];
        for (int i = 0; i < a.size(); i++) {
            out[i] = new double[a.get(i).size()];
            for (int j = 0; j < out[i].length; j++) {
                out[i][j] = a.get(i).get(j).asDouble();
            }
        }
        return out;
    }
}
