package org.fablab.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class FairQueueTest {
    private final FairQueue<String, String> queue = new FairQueue<>(10_000);

    private List<String> drain(int max) throws InterruptedException {
        List<String> batch = new ArrayList<>();
        queue.drainTo(batch, max, 10, TimeUnit.MILLISECONDS);
        return batch;
    }

    @Test
    void aFloodingKey_delaysAnotherKeysItemByOneItem_notByItsBacklog() throws InterruptedException {
        for (int n = 0; n < 5_000; n++) {
            queue.put("flooder", "f" + n);
        }
        queue.put("laser-1", "real");

        assertThat(drain(3)).containsExactly("f0", "real", "f1");
        assertThat(queue.size()).isEqualTo(4_998);
    }

    @Test
    void eachKeysItems_keepTheirOrder() throws InterruptedException {
        queue.put("a", "a1");
        queue.put("a", "a2");
        queue.put("b", "b1");
        queue.put(null, "x1");
        queue.put("a", "a3");
        queue.put("b", "b2");

        assertThat(drain(100)).containsExactly("a1", "b1", "x1", "a2", "b2", "a3");
        assertThat(queue.isEmpty()).isTrue();
    }

    private List<String> drainDemoting(String demoted, int max, int maxDemoted) throws InterruptedException {
        List<String> batch = new ArrayList<>();
        queue.drainTo(batch, max, maxDemoted, demoted::equals, 10, TimeUnit.MILLISECONDS);
        return batch;
    }

    @Test
    void aDemotedKey_isTakenInSmallBatchesOfItsOwn_takingTurnsWithTheOthers() throws InterruptedException {
        for (int n = 0; n < 100; n++) {
            queue.put("flooder", "f" + n);
        }
        queue.put("laser-1", "l0");
        queue.put("printer-1", "p0");
        queue.put("laser-1", "l1");

        assertThat(drainDemoting("flooder", 10, 2)).containsExactly("l0", "p0", "l1");
        assertThat(drainDemoting("flooder", 10, 2)).containsExactly("f0", "f1");
        queue.put("laser-1", "l2");
        assertThat(drainDemoting("flooder", 10, 2)).containsExactly("l2");
        assertThat(drainDemoting("flooder", 10, 2)).containsExactly("f2", "f3");
        assertThat(drainDemoting("flooder", 10, 2)).as("nothing else waits").containsExactly("f4", "f5");
        assertThat(queue.size()).isEqualTo(94);
    }

    @Test
    void anEmptyQueue_answersNothingOnceTheWaitIsOver() throws InterruptedException {
        assertThat(drain(10)).isEmpty();
    }

    @Test
    void aFullQueue_blocksPutUntilSomethingIsTaken() throws InterruptedException {
        FairQueue<String, String> small = new FairQueue<>(2);
        small.put("a", "1");
        small.put("a", "2");
        AtomicBoolean added = new AtomicBoolean();
        Thread producer = new Thread(() -> {
            try {
                small.put("b", "3");
                added.set(true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        producer.start();
        producer.join(200);
        assertThat(added).isFalse();

        small.drainTo(new ArrayList<>(), 1, 10, TimeUnit.MILLISECONDS);
        producer.join(5_000);

        assertThat(added).isTrue();
        assertThat(small.size()).isEqualTo(2);
    }
}
