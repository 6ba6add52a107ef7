package dev.timbre.model;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * Networks of one structure, trained apart, run as one: the output is the mean of the members' logits. Networks
 * trained from different initialisations err on different recordings, so their mean ranks the classes better than
 * any one of them.
 *
 * <p>The parameters are stored as the members' own, one after the other, with nothing added: an ensemble's
 * {@code weights.params} is its members' files concatenated, and each member can be read back out of it.
 */
public final class Ensemble extends AbstractBlock {

    private static final byte VERSION = 1;

    private final List<Block> members;

    /** @param members two or more blocks of the same structure */
    public Ensemble(List<Block> members) {
        super(VERSION);
        BuilderChecks.require(members.size() >= 2, "Ensemble: two or more members required, got " + members.size());
        this.members = List.copyOf(members);
        for (int i = 0; i < this.members.size(); i++) {
            addChildBlock("member" + (i + 1), this.members.get(i));
        }
    }

    /** The members run one after the other, each block by block ({@link BlockByBlock}); their outputs averaged. */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray sum = null;
        for (Block member : members) {
            NDArray out = BlockByBlock.forward(member, ps, x, training);
            sum = sum == null ? out : sum.addi(out);
        }
        return new NDList(sum.divi(members.size()));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (Block member : members) {
            member.initialize(manager, dataType, inputShapes);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return members.get(0).getOutputShapes(inputShapes);
    }

    @Override
    public void saveParameters(DataOutputStream os) throws IOException {
        for (Block member : members) {
            member.saveParameters(os);
        }
    }

    @Override
    public void loadParameters(NDManager manager, DataInputStream is) throws IOException, MalformedModelException {
        for (Block member : members) {
            member.loadParameters(manager, is);
        }
    }
}
