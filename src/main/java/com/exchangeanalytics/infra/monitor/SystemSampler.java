package com.exchangeanalytics.infra.monitor;

import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Reads machine and process figures with OSHI. Every method blocks (it reads {@code /proc} and the file
 * system): call it on a worker thread, one call at a time.
 * <p>
 * CPU percentages come from the tick counters kept since the previous call, never from sleeping. The
 * first sample therefore covers the time since boot (system CPU) and since the process started
 * (process CPU).
 */
public final class SystemSampler {

    private static final double BYTES_PER_GB = 1024.0 * 1024 * 1024;
    private static final double BYTES_PER_MB = 1024.0 * 1024;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Wall-clock and CPU time of one call of {@link #sample()}. */
    public record TickCost(long wallNanos, long cpuNanos) {
    }

    private final CentralProcessor processor;
    private final GlobalMemory memory;
    private final OperatingSystem os;
    private final int pid;
    private final int logicalProcessors;
    private final Path diskPath;

    private long[] previousTicks;
    private OSProcess previousProcess;
    private volatile TickCost lastCost = new TickCost(0, 0);

    /** Blocking: OSHI's first use loads native information. */
    public SystemSampler(String diskPath) {
        SystemInfo info = new SystemInfo();
        this.processor = info.getHardware().getProcessor();
        this.memory = info.getHardware().getMemory();
        this.os = info.getOperatingSystem();
        this.pid = os.getProcessId();
        this.logicalProcessors = Math.max(1, processor.getLogicalProcessorCount());
        this.diskPath = Path.of(diskPath);
        this.previousTicks = new long[CentralProcessor.TickType.values().length];
    }

    /** Blocking: one sample, measured against the previous call. */
    public synchronized SystemSample sample() {
        long wallStart = System.nanoTime();
        long cpuStart = threadCpuNanos();

        double cpu = percent(processor.getSystemCpuLoadBetweenTicks(previousTicks));
        previousTicks = processor.getSystemCpuLoadTicks();

        long total = memory.getTotal();
        long used = total - memory.getAvailable();
        double memoryPercent = total <= 0 ? 0 : 100.0 * used / total;

        OSProcess process = os.getProcess(pid);
        double processCpu = 0;
        double residentMb = 0;
        if (process != null) {
            processCpu = percent(process.getProcessCpuLoadBetweenTicks(previousProcess) / logicalProcessors);
            residentMb = process.getResidentSetSize() / BYTES_PER_MB;
            previousProcess = process;
        }

        SystemSample sample = new SystemSample(Instant.now(), cpu, memoryPercent, used / BYTES_PER_GB,
            diskPercent(), residentMb, processCpu);
        lastCost = new TickCost(System.nanoTime() - wallStart, threadCpuNanos() - cpuStart);
        return sample;
    }

    /** The cost of the latest {@link #sample()}. */
    public TickCost lastCost() {
        return lastCost;
    }

    /** Used share of the file system holding the path, as {@code df} counts it (reserved blocks excluded). */
    private Double diskPercent() {
        try {
            FileStore store = Files.getFileStore(diskPath);
            long total = store.getTotalSpace();
            long used = total - store.getUnallocatedSpace();
            long visible = used + store.getUsableSpace();
            return visible <= 0 ? 0.0 : 100.0 * used / visible;
        } catch (IOException | SecurityException e) {
            return null;
        }
    }

    private static double percent(double fraction) {
        if (Double.isNaN(fraction)) {
            return 0;
        }
        return Math.max(0, Math.min(100, fraction * 100));
    }

    private static long threadCpuNanos() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : 0;
    }
}
