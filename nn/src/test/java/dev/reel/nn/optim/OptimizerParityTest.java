package dev.reel.nn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reel.engine.DType;
import dev.reel.engine.Tensor;
import dev.reel.nn.Linear;
import dev.reel.nn.Sequential;
import dev.reel.nn.Tanh;
import dev.reel.nn.io.SafeTensors;
import dev.reel.nn.optim.lr.CosineAnnealingLR;
import dev.reel.nn.optim.lr.ExponentialLR;
import dev.reel.nn.optim.lr.LRScheduler;
import dev.reel.nn.optim.lr.LinearLR;
import dev.reel.nn.optim.lr.MultiStepLR;
import dev.reel.nn.optim.lr.OneCycleLR;
import dev.reel.nn.optim.lr.ReduceLROnPlateau;
import dev.reel.nn.optim.lr.SequentialLR;
import dev.reel.nn.optim.lr.StepLR;
import dev.reel.nn.testing.LayerFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Replays the 20-step trajectories of tools/fixtures/make_optim_fixtures.py. */
class OptimizerParityTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Path> fixtures() throws IOException {
        return Files.list(LayerFixture.folder("optim")).filter(p -> p.toString().endsWith(".safetensors")).sorted();
    }

    private static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double[] pair(JsonNode n) { return new double[] {n.get(0).asDouble(), n.get(1).asDouble()}; }

    private static int[] ints(JsonNode n) {
        int[] out = new int[n.size()];
        for (int i = 0; i < out.length; i++) out[i] = n.get(i).asInt();
        return out;
    }

    static Optimizer optimizer(String name, JsonNode kw, List<ParamGroup> groups) {
        return switch (name) {
            case "torch.optim.SGD" -> {
                var o = new SGD.Options().lr(kw.get("lr").asDouble()).momentum(kw.path("momentum").asDouble(0))
                        .dampening(kw.path("dampening").asDouble(0)).weightDecay(kw.path("weight_decay").asDouble(0))
                        .nesterov(kw.path("nesterov").asBoolean(false));
                yield SGD.ofGroups(groups, o);
            }
            case "torch.optim.Adam", "torch.optim.AdamW" -> {
                boolean w = name.endsWith("AdamW");
                Adam.Options o = w ? new AdamW.Options() : new Adam.Options();
                o.lr(kw.get("lr").asDouble()).amsgrad(kw.path("amsgrad").asBoolean(false));
                if (kw.has("betas")) o.betas(kw.get("betas").get(0).asDouble(), kw.get("betas").get(1).asDouble());
                if (kw.has("eps")) o.eps(kw.get("eps").asDouble());
                if (kw.has("weight_decay")) o.weightDecay(kw.get("weight_decay").asDouble());
                yield w ? AdamW.ofGroups(groups, (AdamW.Options) o) : Adam.ofGroups(groups, o);
            }
            case "torch.optim.RMSprop" -> {
                var o = new RMSprop.Options().lr(kw.get("lr").asDouble()).alpha(kw.path("alpha").asDouble(0.99))
                        .eps(kw.path("eps").asDouble(1e-8)).weightDecay(kw.path("weight_decay").asDouble(0))
                        .momentum(kw.path("momentum").asDouble(0)).centered(kw.path("centered").asBoolean(false));
                yield RMSprop.ofGroups(groups, o);
            }
            case "torch.optim.Adagrad" -> {
                var o = new Adagrad.Options().lr(kw.get("lr").asDouble()).lrDecay(kw.path("lr_decay").asDouble(0))
                        .weightDecay(kw.path("weight_decay").asDouble(0))
                        .initialAccumulatorValue(kw.path("initial_accumulator_value").asDouble(0)).eps(kw.path("eps").asDouble(1e-10));
                yield Adagrad.ofGroups(groups, o);
            }
            default -> throw new IllegalArgumentException(name);
        };
    }

    static LRScheduler scheduler(String name, JsonNode kw, Optimizer opt) {
        return switch (name) {
            case "StepLR" -> new StepLR(opt, kw.get("step_size").asInt(), kw.get("gamma").asDouble());
            case "MultiStepLR" -> new MultiStepLR(opt, ints(kw.get("milestones")), kw.get("gamma").asDouble());
            case "ExponentialLR" -> new ExponentialLR(opt, kw.get("gamma").asDouble());
            case "CosineAnnealingLR" -> new CosineAnnealingLR(opt, kw.get("T_max").asInt(), kw.path("eta_min").asDouble(0));
            case "LinearLR" -> new LinearLR(opt, kw.path("start_factor").asDouble(1.0 / 3), kw.path("end_factor").asDouble(1),
                    kw.path("total_iters").asInt(5));
            case "OneCycleLR" -> new OneCycleLR(opt, kw.get("max_lr").asDouble(), kw.get("total_steps").asInt(),
                    kw.path("pct_start").asDouble(0.3), kw.path("anneal_strategy").asText("cos"), true, 0.85, 0.95,
                    kw.path("div_factor").asDouble(25), kw.path("final_div_factor").asDouble(1e4));
            case "SequentialLR" -> {
                List<LRScheduler> parts = new ArrayList<>();
                for (JsonNode s : kw.get("schedulers")) parts.add(scheduler(s.get("name").asText(), s, opt));
                yield new SequentialLR(opt, parts, ints(kw.get("milestones")));
            }
            default -> throw new IllegalArgumentException(name);
        };
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void trajectoryMatchesPyTorch(Path file) {
        SafeTensors.Contents c = SafeTensors.load(file);
        Map<String, String> meta = c.metadata();
        DType dtype = meta.get("dtype").equals("F32") ? DType.F32 : DType.F64;
        double tol = dtype == DType.F32 ? 1e-5 : 1e-10;
        var model = new Sequential(new Linear(4, 3), new Tanh(), new Linear(3, 2));
        model.to(dtype);
        Map<String, Tensor> init = new java.util.LinkedHashMap<>();
        c.tensors().forEach((k, v) -> { if (k.startsWith("state.")) init.put(k.substring(6), v); });
        model.loadStateDict(init);
        Map<String, Tensor> named = model.namedParameters();
        List<ParamGroup> groups = new ArrayList<>();
        if (meta.containsKey("param_groups")) {
            for (JsonNode g : json(meta.get("param_groups"))) {
                List<Tensor> ps = new ArrayList<>();
                for (JsonNode k : g.get("params")) ps.add(named.get(k.asText()));
                ParamGroup pg = new ParamGroup(ps);
                g.properties().forEach(e -> {
                    if (e.getKey().equals("params")) return;
                    pg.set(e.getKey(), e.getValue().isArray() ? pair(e.getValue()) : e.getValue().asDouble());
                });
                groups.add(pg);
            }
        } else {
            groups.add(new ParamGroup(model.parameters()));
        }
        Optimizer opt = optimizer(meta.get("optimizer"), json(meta.get("optimizer_kwargs")), groups);
        String sname = meta.containsKey("scheduler") ? meta.get("scheduler").substring(meta.get("scheduler").lastIndexOf('.') + 1) : null;
        JsonNode skw = sname == null ? null : json(meta.get("scheduler_kwargs"));
        LRScheduler sched = sname == null || sname.equals("ReduceLROnPlateau") ? null : scheduler(sname, skw, opt);
        ReduceLROnPlateau plateau = "ReduceLROnPlateau".equals(sname) ? new ReduceLROnPlateau(opt, skw.get("mode").asText(),
                skw.get("factor").asDouble(), skw.get("patience").asInt(), skw.get("threshold").asDouble(), "rel", 0, 0, 1e-8) : null;
        JsonNode clip = meta.containsKey("clip") ? json(meta.get("clip_kwargs")) : null;

        Tensor x = c.tensor("x"), y = c.tensor("y");
        double[] lrs = c.tensor("lr").toDoubleArray(), momenta = c.tensor("momentum").toDoubleArray(), losses = c.tensor("loss").toDoubleArray();
        int steps = Integer.parseInt(meta.get("steps")), ng = opt.paramGroups().size();
        for (int step = 1; step <= steps; step++) {
            opt.zeroGrad();
            Tensor loss = model.call(x).sub(y).square().mean();
            loss.backward();
            if (clip != null) {
                if (meta.get("clip").equals("clip_grad_norm_")) GradClipping.clipGradNorm(model.parameters(), clip.get("max_norm").asDouble(),
                        clip.get("norm_type").asDouble());
                else GradClipping.clipGradValue(model.parameters(), clip.get("clip_value").asDouble());
            }
            for (int gi = 0; gi < ng; gi++) {
                ParamGroup g = opt.paramGroups().get(gi);
                double m = g.has("betas") ? g.getDoubles("betas")[0] : g.has("momentum") ? g.getDouble("momentum") : 0;
                assertEquals(lrs[(step - 1) * ng + gi], g.lr(), 1e-12 * Math.max(1, Math.abs(g.lr())), file + " lr at step " + step);
                assertEquals(momenta[(step - 1) * ng + gi], m, 1e-12, file + " momentum at step " + step);
            }
            assertEquals(losses[step - 1], loss.item(), tol * Math.max(1, Math.abs(losses[step - 1])), file + " loss at step " + step);
            opt.step();
            if (plateau != null) plateau.step(loss.item());
            else if (sched != null) sched.step();
            for (Map.Entry<String, Tensor> e : model.stateDict().entrySet()) {
                double err = LayerFixture.relErr(c.tensor("step" + step + "." + e.getKey()), e.getValue());
                assertTrue(err <= tol, file.getFileName() + ": " + e.getKey() + " after step " + step + " differs by " + err);
            }
        }
    }
}
