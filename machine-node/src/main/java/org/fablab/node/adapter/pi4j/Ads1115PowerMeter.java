package org.fablab.node.adapter.pi4j;

import com.pi4j.context.Context;
import com.pi4j.io.i2c.I2C;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.fablab.node.port.PowerMeter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A CT clamp read through an ADS1115 16-bit ADC on I2C. The clamp's burden voltage is AC around a mid-rail
 * bias, so one window of {@link #SAMPLES} conversions at 860 samples/s (about two and a half 50 Hz cycles)
 * gives the RMS voltage after removing the mean; amps = RMS volts × amps-per-volt, watts = amps × mains volts.
 * The ADC runs in continuous mode on one single-ended input with a ±4.096 V range.
 *
 * <p>{@link #measure()} reads one window (about 50 ms) on the caller's thread; {@link #start} repeats it on a
 * daemon thread and {@link #sample()} returns the latest result without blocking. Thread-safe.
 */
public final class Ads1115PowerMeter implements PowerMeter {
    static final int CONVERSION_REGISTER = 0;
    static final int CONFIG_REGISTER = 1;
    static final int SAMPLES = 40;
    private static final double VOLTS_PER_LSB = 4.096 / 32768;
    private static final long CONVERSION_NANOS = 1_200_000;
    private static final Logger LOG = LoggerFactory.getLogger(Ads1115PowerMeter.class);

    private final I2C i2c;
    private final double ampsPerVolt;
    private final double thresholdAmps;
    private final double mainsVolts;
    private final ScheduledExecutorService timer;
    private volatile Sample latest = new Sample(false, 0.0);
    private volatile boolean failing;

    /**
     * @param channel       single-ended input AIN0–AIN3
     * @param ampsPerVolt   CT scale, amps per volt RMS at the ADC input
     * @param thresholdAmps at or above this the machine counts as running
     * @param mainsVolts    supply voltage for the power estimate
     */
    public Ads1115PowerMeter(Context context, int bus, int address, int channel, double ampsPerVolt,
                             double thresholdAmps, double mainsVolts) {
        this.ampsPerVolt = ampsPerVolt;
        this.thresholdAmps = thresholdAmps;
        this.mainsVolts = mainsVolts;
        this.i2c = context.create(I2C.newConfigBuilder(context).id("ads1115").name("ADS1115 current sensor")
                .bus(bus).device(address));
        i2c.writeRegister(CONFIG_REGISTER, configWord(channel));
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ads1115");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * The config register for continuous conversions of AIN{@code channel} against GND, ±4.096 V, 860 SPS,
     * comparator off; big-endian as the chip expects.
     */
    static byte[] configWord(int channel) {
        int word = (0b100 | channel) << 12 | 0b001 << 9 | 0b111 << 5 | 0b11;
        return new byte[] {(byte) (word >> 8), (byte) word};
    }

    /** Repeats {@link #measure()} every {@code period} in the background. */
    public void start(Duration period) {
        timer.scheduleWithFixedDelay(() -> {
            try {
                measure();
            } catch (RuntimeException e) {
                if (!failing) {
                    LOG.warn("current sensor read failed, keeping the last reading [sensor: ads1115]: {}", e.toString());
                }
                failing = true;
            }
        }, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Reads one window of conversions and makes it the latest sample. */
    public Sample measure() {
        double[] volts = new double[SAMPLES];
        byte[] raw = new byte[2];
        double sum = 0;
        for (int i = 0; i < SAMPLES; i++) {
            if (i > 0) {
                LockSupport.parkNanos(CONVERSION_NANOS);
            }
            int read = i2c.readRegister(CONVERSION_REGISTER, raw, 0, 2);
            if (read != 2) {
                throw new IllegalStateException("ADS1115 returned " + read + " bytes instead of 2");
            }
            volts[i] = (short) ((raw[0] & 0xff) << 8 | (raw[1] & 0xff)) * VOLTS_PER_LSB;
            sum += volts[i];
        }
        double mean = sum / SAMPLES;
        double squares = 0;
        for (double v : volts) {
            squares += (v - mean) * (v - mean);
        }
        double amps = Math.sqrt(squares / SAMPLES) * ampsPerVolt;
        Sample sample = new Sample(amps >= thresholdAmps, amps * mainsVolts);
        latest = sample;
        failing = false;
        return sample;
    }

    @Override
    public Sample sample() {
        return latest;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
