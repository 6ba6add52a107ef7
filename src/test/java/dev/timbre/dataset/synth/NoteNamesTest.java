package dev.timbre.dataset.synth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NoteNamesTest {

    @Test
    void pitchesOfTheLibrariesNamingSchemes() {
        assertThat(NoteNames.pitch("cello_A2_025_fortissimo_arco-normal.mp3")).hasValue(45);
        assertThat(NoteNames.pitch("cello_As2_05_piano_arco-normal.mp3")).hasValue(46);
        assertThat(NoteNames.pitch("Violin.arco.ff.sulD.Bb5.stereo.ogg")).hasValue(82);
        assertThat(NoteNames.pitch("Flute.nonvib.ff.C4.stereo.ogg")).hasValue(60);
        assertThat(NoteNames.pitch("354354__mtg__flute-dsharp5.ogg")).hasValue(75);
        assertThat(NoteNames.pitch("piano C#3.wav")).hasValue(49);
        assertThat(NoteNames.pitch("guitar_acoustic_010-021-127.ogg")).hasValue(21);
        assertThat(NoteNames.pitch("AuSep_1_vn_01_Jupiter.ogg")).isEmpty();
        assertThat(NoteNames.pitch("203459__tesabob2001__a-5.ogg")).isEmpty();
        assertThat(NoteNames.pitch("take.wav")).isEmpty();
    }

    @Test
    void dynamicsFromWordsOrVelocities() {
        assertThat(NoteNames.velocity("cello_A2_025_fortissimo_arco-normal.mp3", false)).hasValue(112);
        assertThat(NoteNames.velocity("cello_A2_025_mezzo-piano_arco-normal.mp3", false)).hasValue(60);
        assertThat(NoteNames.velocity("cello_A2_025_mezzo-forte_arco-normal.mp3", false)).hasValue(75);
        assertThat(NoteNames.velocity("cello_A2_025_pianissimo_arco-normal.mp3", false)).hasValue(30);
        assertThat(NoteNames.velocity("cello_A2_025_piano_arco-normal.mp3", false)).hasValue(45);
        assertThat(NoteNames.velocity("Flute.nonvib.pp.A4.stereo.ogg", false)).hasValue(30);
        assertThat(NoteNames.velocity("organ_electronic_001-036-050.ogg", false)).hasValue(50);
        // "piano" names the instrument in a piano library, not its dynamic.
        assertThat(NoteNames.velocity("piano_C4.wav", true)).isEmpty();
        assertThat(NoteNames.velocity("piano_C4.wav", false)).hasValue(45);
    }
}
