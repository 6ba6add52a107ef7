package dev.timbre.dataset.synth;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class BankRolesTest {

    @Test
    void sharingFivePercentOfTheSmallerBanksSamplesMakesAFamily() {
        Set<String> big = Set.of("a/1", "b/2", "c/3", "d/4", "e/5", "f/6", "g/7", "h/8", "i/9", "j/10",
                "k/11", "l/12", "m/13", "n/14", "o/15", "p/16", "q/17", "r/18", "s/19", "t/20");
        assertThat(BankRoles.related(big, Set.of("a/1", "x/1"))).isTrue();
        // Same name, other length: another recording.
        assertThat(BankRoles.related(big, Set.of("a/2", "x/1"))).isFalse();
        assertThat(BankRoles.related(big, Set.of())).isFalse();
    }

    @Test
    void oneBankTestsAndTrainsAndSaysItIsNotHeldOut() throws Exception {
        SoundBank jdk = new SoundBank(SoundBank.BUILTIN, null);
        BankRoles r = BankRoles.assign(List.of(jdk), null);
        assertThat(r.training()).containsExactly(jdk);
        assertThat(r.testing()).containsExactly(jdk);
        assertThat(r.heldOut()).isFalse();
        assertThatThrownBy(() -> BankRoles.assign(List.of(jdk), "FluidR3_GM"))
                .hasMessageContaining("no SoundFont named 'FluidR3_GM'");
    }

    /** On a machine with Debian's four GM packages: MuseScore_General is built from FluidR3_GM, sf_GMbank from TimGM6mb. */
    @Test
    void debiansBanksFormTwoFamiliesThatNeverMeet() throws Exception {
        Path dir = Path.of("/usr/share/sounds/sf2");
        for (String n : List.of("FluidR3_GM", "MuseScore_General_Full", "TimGM6mb", "sf_GMbank")) {
            assumeTrue(Files.isRegularFile(dir.resolve(n + ".sf2")), n + " not installed");
        }
        List<SoundBank> banks = SoundBank.discover(List.of()).stream()
                .filter(b -> List.of("FluidR3_GM", "MuseScore_General_Full", "TimGM6mb", "sf_GMbank")
                        .contains(b.name())).toList();
        BankRoles r = BankRoles.assign(banks, null);
        assertThat(r.families()).containsExactlyInAnyOrder(List.of("FluidR3_GM", "MuseScore_General_Full"),
                List.of("TimGM6mb", "sf_GMbank"));
        assertThat(r.testing()).extracting(SoundBank::name).containsExactly("TimGM6mb", "sf_GMbank");
        assertThat(r.training()).extracting(SoundBank::name).containsExactly("FluidR3_GM", "MuseScore_General_Full");
        assertThat(r.heldOut()).isTrue();

        BankRoles named = BankRoles.assign(banks, "FluidR3_GM");
        assertThat(named.testing()).extracting(SoundBank::name).containsExactly("FluidR3_GM");
        assertThat(named.training()).extracting(SoundBank::name).containsExactly("TimGM6mb", "sf_GMbank");
        assertThat(named.heldOut()).isTrue();
    }
}
