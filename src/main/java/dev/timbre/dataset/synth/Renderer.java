package dev.timbre.dataset.synth;

import com.sun.media.sound.AudioSynthesizer;
import com.sun.media.sound.ModelPatch;
import com.sun.media.sound.SoftSynthesizer;

import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MidiUnavailableException;
import javax.sound.midi.Patch;
import javax.sound.midi.Receiver;
import javax.sound.midi.ShortMessage;
import javax.sound.midi.Soundbank;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;

/**
 * Renders a {@link Score} offline, faster than real time, with the JDK's SoftSynthesizer (Gervill). One
 * renderer per thread: it owns a synthesizer and its own copies of the banks.
 */
final class Renderer {

    private final int sampleRate;
    private final Map<SoundBank, Soundbank> loaded = new HashMap<>();
    private final AudioSynthesizer synth = new SoftSynthesizer();

    Renderer(int sampleRate) {
        this.sampleRate = sampleRate;
    }

    /**
     * @return {@code (2, round(score.seconds * sampleRate))} samples
     */
    float[][] render(Score score, SoundBank bank) throws IOException {
        Soundbank sb = loaded.get(bank);
        if (sb == null) {
            sb = bank.load();
            loaded.put(bank, sb);
        }
        int frames = (int) Math.round(score.seconds() * sampleRate);
        AudioFormat format = new AudioFormat(AudioFormat.Encoding.PCM_FLOAT, sampleRate, 32, 2, 8, sampleRate, false);
        Map<String, Object> info = new HashMap<>();
        info.put("max polyphony", 96);
        try {
            AudioInputStream stream = synth.openStream(format, info);
            try {
                if (!bank.builtin()) {
                    synth.unloadAllInstruments(synth.getDefaultSoundbank());
                }
                for (Score.Part p : score.parts()) {
                    javax.sound.midi.Instrument ins = find(sb, p);
                    if (ins == null) {
                        throw new IOException(bank.name() + ": has no " + (p.percussion() ? "drum kit"
                                : "GM program " + p.program()));
                    }
                    synth.loadInstrument(ins);
                }
                send(synth.getReceiver(), score);
                return read(stream, frames);
            } finally {
                stream.close();
                synth.close();
            }
        } catch (MidiUnavailableException | InvalidMidiDataException e) {
            throw new IOException("synthesizer failed: " + e.getMessage(), e);
        }
    }

    /** Whether a bank has a program (percussion: a drum kit). */
    boolean has(SoundBank bank, int program, boolean percussion) throws IOException {
        Soundbank sb = loaded.get(bank);
        if (sb == null) {
            sb = bank.load();
            loaded.put(bank, sb);
        }
        return find(sb, new Score.Part(percussion ? 9 : 0, program, 0, 0, 0, 0)) != null;
    }

    private static javax.sound.midi.Instrument find(Soundbank sb, Score.Part p) {
        for (javax.sound.midi.Instrument ins : sb.getInstruments()) {
            Patch patch = ins.getPatch();
            boolean perc = patch instanceof ModelPatch mp && mp.isPercussion();
            if (p.percussion()) {
                if (perc && patch.getProgram() == 0) {
                    return ins;
                }
            } else if (!perc && patch.getBank() == 0 && patch.getProgram() == p.program()) {
                return ins;
            }
        }
        if (p.percussion()) {
            for (javax.sound.midi.Instrument ins : sb.getInstruments()) {
                if (ins.getPatch() instanceof ModelPatch mp && mp.isPercussion()) {
                    return ins;
                }
            }
        }
        return null;
    }

    private static void send(Receiver r, Score score) throws InvalidMidiDataException {
        for (Score.Part p : score.parts()) {
            int ch = p.channel();
            if (!p.percussion()) {
                r.send(new ShortMessage(ShortMessage.PROGRAM_CHANGE, ch, p.program(), 0), 0);
            }
            cc(r, ch, 7, p.volume(), 0);
            cc(r, ch, 10, p.pan(), 0);
            cc(r, ch, 91, p.reverb(), 0);
            cc(r, ch, 93, p.chorus(), 0);
            // Pitch-bend range 2 semitones (RPN 0).
            cc(r, ch, 101, 0, 0);
            cc(r, ch, 100, 0, 0);
            cc(r, ch, 6, 2, 0);
        }
        for (Score.Part p : score.parts()) {
            int ch = p.channel();
            for (Score.Control c : p.controls()) {
                cc(r, ch, c.controller(), c.value(), micros(c.time()) + 1);
            }
            for (Score.Bend b : p.bends()) {
                r.send(new ShortMessage(ShortMessage.PITCH_BEND, ch, b.value() & 0x7F, (b.value() >> 7) & 0x7F),
                        micros(b.time()));
            }
            for (Score.Note n : p.notes()) {
                if (n.start() >= score.seconds()) {
                    continue;
                }
                r.send(new ShortMessage(ShortMessage.NOTE_ON, ch, n.pitch(), n.velocity()), micros(n.start()) + 2);
                r.send(new ShortMessage(ShortMessage.NOTE_OFF, ch, n.pitch(), 0),
                        micros(n.start() + Math.max(0.02, n.duration())));
            }
        }
    }

    private static void cc(Receiver r, int ch, int controller, int value, long at) throws InvalidMidiDataException {
        r.send(new ShortMessage(ShortMessage.CONTROL_CHANGE, ch, controller, Composer.clamp(value, 0, 127)), at);
    }

    private static long micros(double seconds) {
        return Math.round(seconds * 1e6);
    }

    private static float[][] read(AudioInputStream stream, int frames) throws IOException {
        byte[] buf = new byte[frames * 8];
        int off = 0;
        while (off < buf.length) {
            int k = stream.read(buf, off, buf.length - off);
            if (k < 0) {
                break;
            }
            off += k;
        }
        float[][] out = new float[2][frames];
        ByteBuffer b = ByteBuffer.wrap(buf, 0, off).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < off / 8; i++) {
            out[0][i] = b.getFloat();
            out[1][i] = b.getFloat();
        }
        return out;
    }
}
