package dev.reel.nn.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reel.engine.Tensor;
import dev.reel.nn.io.SafeTensors;
import dev.reel.nn.optim.Optimizer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A training checkpoint in one safetensors file, written atomically: the model's state dict
 * ({@code model.*}), the optimizer's state tensors ({@code optimizer.state.<param>.<name>}) and,
 * in the metadata, the optimizer's groups and scalar state as JSON, the scheduler position,
 * the default generator's seed and offset, the epoch and step counters, the position inside
 * the epoch (batches consumed and the epoch's running sums; zero between epochs), the history,
 * the loss scaler's state (PyTorch's GradScaler keys, when the run has one) and the run's configuration.
 *
 * <pre>{@code
 * Checkpoint.save(Path.of("runs/a/checkpoints/last.safetensors"), trainer, Map.of("model", "cnn-lstm"));
 * Map<String, String> config = Checkpoint.read(path).config();
 * }</pre>
 *
 * @param tensors  everything stored as tensors
 * @param metadata the metadata strings
 */
public record Checkpoint(Map<String, Tensor> tensors, Map<String, String> metadata) {
    /** Marks files written by this class. */
    public static final String FORMAT = "reel-checkpoint-1";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads a checkpoint; an error naming the file if it is not one. */
    public static Checkpoint read(Path file) {
        SafeTensors.Contents c = SafeTensors.load(file);
        if (!FORMAT.equals(c.metadata().get("format"))) {
            throw new IllegalArgumentException(file + " is a safetensors file but not a Reel training checkpoint (no format="
                    + FORMAT + " in its metadata)");
        }
        return new Checkpoint(c.tensors(), c.metadata());
    }

    /** The model's state dict. */
    public Map<String, Tensor> modelState() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        tensors.forEach((k, v) -> { if (k.startsWith("model.")) out.put(k.substring(6), v); });
        return out;
    }

    /**
     * The loss scaler's state under PyTorch's {@code GradScaler.state_dict()} keys ({@code scale},
     * {@code growth_factor}, {@code backoff_factor}, {@code growth_interval}, {@code _growth_tracker}),
     * or an empty map when the run had none.
     */
    public Map<String, Object> gradScalerState() {
        String json = metadata.get("grad_scaler");
        return json == null ? Map.of() : fromJson(json, new TypeReference<>() {});
    }

    /** The configuration saved with the run (model name, classes, clip geometry, ...). */
    public Map<String, String> config() { return fromJson(metadata.getOrDefault("config", "{}"), new TypeReference<>() {}); }

    public int epoch() { return Integer.parseInt(metadata.get("epoch")); }

    public long globalStep() { return Long.parseLong(metadata.get("global_step")); }

    /** Batches of epoch {@link #epoch()} already trained on; 0 for a checkpoint taken between epochs. */
    public int batchInEpoch() { return epochProgress().batchInEpoch(); }

    EpochProgress epochProgress() {
        String batch = metadata.get("batch_in_epoch");
        if (batch == null) return EpochProgress.START;   // written before step checkpoints existed
        return new EpochProgress(Integer.parseInt(batch), Integer.parseInt(metadata.get("epoch_batches")),
                Double.parseDouble(metadata.get("epoch_loss_sum")), Long.parseLong(metadata.get("epoch_seen")),
                Long.parseLong(metadata.get("epoch_correct")), Boolean.parseBoolean(metadata.get("epoch_class_targets")));
    }

    /** Writes {@code trainer}'s full state and {@code config} to {@code file} (replaced atomically). */
    public static void save(Path file, Trainer trainer, Map<String, String> config) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        trainer.model().stateDict().forEach((k, v) -> tensors.put("model." + k, v));
        Optimizer.StateDict sd = trainer.optimizer().stateDict();
        Map<String, Map<String, Object>> scalars = new LinkedHashMap<>();
        sd.state().forEach((param, entries) -> {
            Map<String, Object> other = new LinkedHashMap<>();
            entries.forEach((name, value) -> {
                if (value instanceof Tensor t) tensors.put("optimizer.state." + param + "." + name, t);
                else other.put(name, value);
            });
            scalars.put(Integer.toString(param), other);
        });
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("epoch", Integer.toString(trainer.epoch()));
        meta.put("global_step", Long.toString(trainer.globalStep()));
        meta.put("scheduler_steps", Integer.toString(trainer.schedulerSteps()));
        EpochProgress p = trainer.epochProgress();
        meta.put("batch_in_epoch", Integer.toString(p.batchInEpoch()));
        meta.put("epoch_batches", Integer.toString(p.epochBatches()));
        meta.put("epoch_loss_sum", Double.toString(p.lossSum()));   // Double.toString round-trips exactly
        meta.put("epoch_seen", Long.toString(p.seen()));
        meta.put("epoch_correct", Long.toString(p.correct()));
        meta.put("epoch_class_targets", Boolean.toString(p.classTargets()));
        meta.put("rng_seed", Long.toString(dev.reel.engine.Reel.defaultGenerator().seed()));
        meta.put("rng_offset", Long.toString(dev.reel.engine.Reel.defaultGenerator().offset()));
        meta.put("optimizer_groups", toJson(sd.paramGroups()));
        meta.put("optimizer_scalars", toJson(scalars));
        meta.put("best", Double.toString(trainer.best()));
        if (trainer.gradScaler() != null && trainer.gradScaler().isEnabled()) {
            meta.put("grad_scaler", toJson(trainer.gradScaler().stateDict()));
        }
        List<Map<String, Object>> history = new ArrayList<>();
        for (EpochStats e : trainer.history()) {
            history.add(Map.of("epoch", e.epoch(), "train_loss", e.trainLoss(), "train_acc", e.trainAccuracy(),
                    "val_loss", e.valLoss(), "val_acc", e.valAccuracy(), "lr", e.lr(), "samples_per_s", e.samplesPerSecond(),
                    "seconds", e.seconds()));
        }
        meta.put("history", toJson(history));
        meta.put("config", toJson(config == null ? Map.of() : config));
        SafeTensors.save(file, tensors, meta);
    }

    /** The optimizer state dict stored in this checkpoint. */
    Optimizer.StateDict optimizerState() {
        List<Map<String, Object>> groups = fromJson(metadata.get("optimizer_groups"), new TypeReference<>() {});
        for (Map<String, Object> g : groups) {
            // JSON has no double[]: lists of numbers other than "params" were double arrays (betas).
            g.replaceAll((k, v) -> !k.equals("params") && v instanceof List<?> l ? toDoubles(l) : v instanceof Integer i && !k.equals("params") ? i.doubleValue() : v);
        }
        Map<String, Map<String, Object>> scalars = fromJson(metadata.get("optimizer_scalars"), new TypeReference<>() {});
        Map<Integer, Map<String, Object>> state = new LinkedHashMap<>();
        scalars.forEach((param, entries) -> {
            Map<String, Object> s = new LinkedHashMap<>();
            entries.forEach((k, v) -> s.put(k, v instanceof Integer i ? i.doubleValue() : v));
            state.put(Integer.parseInt(param), s);
        });
        tensors.forEach((k, v) -> {
            if (!k.startsWith("optimizer.state.")) return;
            String rest = k.substring("optimizer.state.".length());
            int dot = rest.indexOf('.');
            state.computeIfAbsent(Integer.parseInt(rest.substring(0, dot)), x -> new LinkedHashMap<>()).put(rest.substring(dot + 1), v);
        });
        return new Optimizer.StateDict(state, groups);
    }

    List<EpochStats> history() {
        List<Map<String, Number>> rows = fromJson(metadata.getOrDefault("history", "[]"), new TypeReference<>() {});
        List<EpochStats> out = new ArrayList<>();
        for (Map<String, Number> r : rows) {
            out.add(new EpochStats(r.get("epoch").intValue(), d(r, "train_loss"), d(r, "train_acc"), d(r, "val_loss"), d(r, "val_acc"),
                    d(r, "lr"), d(r, "samples_per_s"), d(r, "seconds")));
        }
        return out;
    }

    private static double d(Map<String, Number> r, String k) {
        Number n = r.get(k);
        return n == null ? Double.NaN : n.doubleValue();
    }

    private static double[] toDoubles(List<?> l) {
        double[] out = new double[l.size()];
        for (int i = 0; i < out.length; i++) out[i] = ((Number) l.get(i)).doubleValue();
        return out;
    }

    private static String toJson(Object o) {
        try {
            return JSON.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Checkpoint: cannot write " + o.getClass().getSimpleName() + " as JSON: " + e.getMessage(), e);
        }
    }

    private static <T> T fromJson(String s, TypeReference<T> type) {
        try {
            return JSON.readValue(s, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("checkpoint metadata is not valid JSON: " + e.getOriginalMessage());
        }
    }
}
