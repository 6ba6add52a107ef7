package dev.timbre.dataset.synth;

import com.sun.media.sound.SF2Sample;
import com.sun.media.sound.SF2Soundbank;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which banks render the training clips and which the testing clips.
 *
 * <p>A test on a "new" SoundFont only measures generalisation if the SoundFont is really new: MuseScore_General
 * is built from FluidR3_GM and shares a quarter of its samples, sf_GMbank shares most of TimGM6mb's. Banks that
 * share at least {@value #RELATED_PERCENT}% of the smaller bank's samples (same name and length) are one
 * <em>family</em>, and a family is never split between training and testing. By default the family with the
 * fewest bytes tests, so the richest banks train; a bank named for testing tests alone and its whole family is
 * kept out of training.
 *
 * @param training the banks of the training clips
 * @param testing  the banks of the testing clips (a test clip's bank is drawn from these)
 * @param heldOut  whether no testing bank shares samples with a training bank
 * @param families the families found, each as bank names
 */
public record BankRoles(List<SoundBank> training, List<SoundBank> testing, boolean heldOut,
                        List<List<String>> families) {

    /** Share of the smaller bank's samples above which two banks count as one family. */
    public static final int RELATED_PERCENT = 5;

    public BankRoles {
        training = List.copyOf(training);
        testing = List.copyOf(testing);
        families = families.stream().map(List::copyOf).toList();
    }

    /**
     * Assigns roles to the discovered banks.
     *
     * @param banks    the distinct banks, sorted by name (as {@link SoundBank#discover} returns them)
     * @param wanted   the name of the bank to test on, or {@code null} for the default choice
     * @throws IOException when {@code wanted} names no bank, or a SoundFont cannot be read
     */
    public static BankRoles assign(List<SoundBank> banks, String wanted) throws IOException {
        SoundBank named = null;
        if (wanted != null) {
            named = banks.stream().filter(b -> b.name().equalsIgnoreCase(wanted)).findFirst()
                    .orElseThrow(() -> new IOException("no SoundFont named '" + wanted + "' (found: "
                            + String.join(", ", banks.stream().map(SoundBank::name).toList()) + ")"));
        }
        if (banks.size() == 1) {
            return new BankRoles(banks, banks, false, List.of(List.of(banks.get(0).name())));
        }
        List<List<SoundBank>> families = families(banks);
        List<List<String>> names = families.stream().map(f -> f.stream().map(SoundBank::name).toList()).toList();
        List<SoundBank> testing;
        List<SoundBank> family;
        if (named != null) {
            SoundBank n = named;
            testing = List.of(n);
            family = families.stream().filter(f -> f.contains(n)).findFirst().orElseThrow();
        } else {
            family = families.stream()
                    .min(Comparator.<List<SoundBank>>comparingLong(BankRoles::bytes)
                            .thenComparing(f -> f.get(0).name()))
                    .orElseThrow();
            testing = family;
        }
        List<SoundBank> training = new ArrayList<>(banks);
        training.removeAll(family);
        if (training.isEmpty()) {
            // One family only: the best left is to test on one bank and train on its relatives.
            training = new ArrayList<>(banks);
            training.removeAll(testing);
            if (training.isEmpty()) {
                training = new ArrayList<>(testing.subList(1, testing.size()));
                testing = List.of(testing.get(0));
            }
            return new BankRoles(training, testing, false, names);
        }
        return new BankRoles(training, testing, true, names);
    }

    /** Groups banks that share samples (transitively); each family sorted by name, families by first name. */
    static List<List<SoundBank>> families(List<SoundBank> banks) throws IOException {
        List<Set<String>> keys = new ArrayList<>();
        for (SoundBank b : banks) {
            keys.add(sampleKeys(b));
        }
        int n = banks.size();
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (related(keys.get(i), keys.get(j))) {
                    parent[root(parent, j)] = root(parent, i);
                }
            }
        }
        List<List<SoundBank>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (root(parent, i) == i) {
                List<SoundBank> f = new ArrayList<>();
                for (int j = 0; j < n; j++) {
                    if (root(parent, j) == i) {
                        f.add(banks.get(j));
                    }
                }
                out.add(f);
            }
        }
        return out;
    }

    static boolean related(Set<String> a, Set<String> b) {
        int smaller = Math.min(a.size(), b.size());
        if (smaller == 0) {
            return false;
        }
        Set<String> shared = new HashSet<>(a);
        shared.retainAll(b);
        return shared.size() * 100L >= (long) RELATED_PERCENT * smaller;
    }

    /** Sample identities (name and length): the SF2 header is read, the sample data is not. */
    private static Set<String> sampleKeys(SoundBank bank) throws IOException {
        Set<String> keys = new HashSet<>();
        if (bank.builtin()) {
            return keys;
        }
        try {
            SF2Soundbank sf2 = new SF2Soundbank(bank.file().toFile());
            for (SF2Sample s : sf2.getSamples()) {
                keys.add(s.getName().strip() + "/" + s.getDataBuffer().capacity());
            }
        } catch (IOException | RuntimeException e) {
            throw new IOException(bank.file() + ": not a readable SoundFont (" + e.getMessage() + ")", e);
        }
        return keys;
    }

    private static long bytes(List<SoundBank> family) {
        long sum = 0;
        for (SoundBank b : family) {
            try {
                sum += b.builtin() ? 0 : java.nio.file.Files.size(b.file());
            } catch (IOException e) {
                // A bank that vanished since discovery weighs nothing; rendering will report it.
            }
        }
        return sum;
    }

    private static int root(int[] parent, int i) {
        while (parent[i] != i) {
            i = parent[i];
        }
        return i;
    }
}
