package dev.timbre.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import ai.djl.util.PairList;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam (Kingma & Ba) whose moment estimates can be written to and read from a checkpoint, which DJL's own
 * {@code Adam} keeps private. The update itself is the engine's fused Adam kernel, as in DJL.
 *
 * <p>DJL identifies parameters by random per-instance ids; the state is stored under the block's stable
 * parameter names so a fresh process can resume it.
 */
public final class CheckpointedAdam extends Optimizer {

    private final float learningRate;
    private final LearningRateSchedule schedule;
    private final long plannedSteps;
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    /** Parameter id (this process) → stable name. */
    private final Map<String, String> names = new HashMap<>();
    private final Map<String, NDArray> means = new LinkedHashMap<>();
    private final Map<String, NDArray> variances = new LinkedHashMap<>();
    private int step;
    private final NDManager stateManager;

    /**
     * @param parameters   the block's parameters, named as {@code Block.getParameters()} names them
     * @param stateManager where the moment arrays live; it outlives the optimizer's use
     * @param learningRate step size (study: 1e-3)
     */
    public CheckpointedAdam(PairList<String, Parameter> parameters, NDManager stateManager, float learningRate) {
        this(parameters, stateManager, learningRate, LearningRateSchedule.CONSTANT, 0);
    }

    /**
     * @param schedule     how the step size follows the step count (restored from a checkpoint with the moments)
     * @param plannedSteps the run's planned optimizer steps, which a decaying schedule spans
     */
    public CheckpointedAdam(PairList<String, Parameter> parameters, NDManager stateManager, float learningRate,
                            LearningRateSchedule schedule, long plannedSteps) {
        this(parameters, stateManager, learningRate, schedule, plannedSteps, 0.9f, 0.999f, 1e-8f);
    }

    public CheckpointedAdam(PairList<String, Parameter> parameters, NDManager stateManager, float learningRate,
                            LearningRateSchedule schedule, long plannedSteps, float beta1, float beta2,
                            float epsilon) {
        super(new Builder());
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learning rate must be positive, got " + learningRate);
        }
        this.learningRate = learningRate;
        this.schedule = schedule;
        this.plannedSteps = plannedSteps;
        schedule.rate(learningRate, 0, plannedSteps); // refuses a decaying schedule without planned steps
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.stateManager = stateManager;
        for (Pair<String, Parameter> p : parameters) {
            names.put(p.getValue().getId(), p.getKey());
        }
    }

    /** Number of completed optimizer steps (all parameters updated once per step). */
    public int step() {
        return step;
    }

    /** The step size of the next optimizer step. */
    public float currentRate() {
        return schedule.rate(learningRate, step, plannedSteps);
    }

    /** Marks the end of one optimizer step; called once after {@code Trainer.step()}. */
    public void endStep() {
        step++;
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        String name = names.get(parameterId);
        if (name == null) {
            throw new IllegalStateException("parameter " + parameterId + " is not part of the trained block");
        }
        int t = step + 1;
        double coef1 = 1.0 - Math.pow(beta1, t);
        double coef2 = 1.0 - Math.pow(beta2, t);
        float rate = currentRate();
        float corrected = (float) (rate * Math.sqrt(coef2) / coef1);
        NDArray m = means.computeIfAbsent(name, k -> stateOf(weight));
        NDArray v = variances.computeIfAbsent(name, k -> stateOf(weight));
        weight.getNDArrayInternal().adamUpdate(new NDList(weight, grad, m, v), new NDList(weight), rate,
                corrected, getWeightDecay(), rescaleGrad, clipGrad, beta1, beta2, epsilon, true, false);
    }

    private NDArray stateOf(NDArray weight) {
        NDArray z = stateManager.zeros(weight.getShape(), weight.getDataType(), weight.getDevice());
        z.setName(weight.getName());
        return z;
    }

    /** Writes the step count and both moment estimates, by parameter name. */
    public void save(DataOutputStream out) throws IOException {
        out.writeInt(step);
        out.writeInt(means.size());
        for (Map.Entry<String, NDArray> e : means.entrySet()) {
            out.writeUTF(e.getKey());
            writeArray(out, e.getValue());
            writeArray(out, variances.get(e.getKey()));
        }
    }

    /** Restores what {@link #save} wrote; names absent from this block are an error. */
    public void load(DataInputStream in) throws IOException {
        step = in.readInt();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            String name = in.readUTF();
            if (!names.containsValue(name)) {
                throw new IOException("optimizer state names parameter '" + name + "' that the model lacks");
            }
            replace(means, name, readArray(in));
            replace(variances, name, readArray(in));
        }
    }

    private void replace(Map<String, NDArray> map, String name, NDArray a) {
        NDArray old = map.put(name, a);
        if (old != null) {
            old.close();
        }
    }

    private static void writeArray(DataOutputStream out, NDArray a) throws IOException {
        byte[] b = a.encode();
        out.writeInt(b.length);
        out.write(b);
    }

    private NDArray readArray(DataInputStream in) throws IOException {
        int len = in.readInt();
        if (len < 0 || len > (1 << 30)) {
            throw new IOException("corrupt optimizer state (array of " + len + " bytes)");
        }
        byte[] b = in.readNBytes(len);
        if (b.length != len) {
            throw new IOException("optimizer state ends early");
        }
        return stateManager.decode(b);
    }

    private static final class Builder extends OptimizerBuilder<Builder> {
        @Override
        protected Builder self() {
            return this;
        }
    }
}
