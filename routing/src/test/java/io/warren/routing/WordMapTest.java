package io.warren.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WordMapTest {
    private final WordMap<Integer> map = new WordMap<>();

    @Test
    void looksUpSlicesOfLongerStrings() {
        map.put("service", 1);
        map.put("", 2);
        String key = "region.service.event";
        assertThat(map.get(key, 7, 14)).isEqualTo(1);
        assertThat(map.get(key, 0, 6)).isNull();
        assertThat(map.get(key, 7, 13)).isNull();
        assertThat(map.get(key, 7, 7)).isEqualTo(2);
        assertThat(map.get("a..b", 2, 2)).isEqualTo(2);
    }

    @Test
    void keepsCollidingWordsApart() {
        assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
        map.put("Aa", 1);
        map.put("BB", 2);
        map.put("AaBB", 3);
        map.put("BBAa", 4);
        assertThat(map.get("x.Aa", 2, 4)).isEqualTo(1);
        assertThat(map.get("BB")).isEqualTo(2);
        assertThat(map.remove("Aa")).isEqualTo(1);
        assertThat(map.get("Aa")).isNull();
        assertThat(map.get("BB")).isEqualTo(2);
        assertThat(map.get("BBAa")).isEqualTo(4);
        assertThat(map.size()).isEqualTo(3);
    }

    @Test
    void behavesLikeAHashMapUnderRandomPutsAndRemoves() {
        Map<String, Integer> model = new HashMap<>();
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            String word = "w" + random.nextInt(500);
            if (random.nextInt(3) == 0) {
                assertThat(map.remove(word)).isEqualTo(model.remove(word));
            } else {
                map.put(word, i);
                model.put(word, i);
            }
            assertThat(map.size()).isEqualTo(model.size());
        }
        for (int w = 0; w < 500; w++) {
            String word = "w" + w;
            assertThat(map.get("x." + word + ".y", 2, 2 + word.length())).isEqualTo(model.get(word));
        }
        model.keySet().forEach(map::remove);
        assertThat(map.isEmpty()).isTrue();
    }
}
