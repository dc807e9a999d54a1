package elvis.bench;

import com.sun.management.GarbageCollectionNotificationInfo;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;

/**
 * The most heap this process has had in use: the heap is fullest just before a collection, so each
 * collection's "before" figure is a sample of the peak (and the heap at the end, after the last one).
 */
final class HeapPeak {
    private volatile long peak;

    /** Starts listening to this JVM's collections. */
    static HeapPeak start() {
        HeapPeak h = new HeapPeak();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (!(gc instanceof NotificationEmitter e)) continue;
            e.addNotificationListener((n, handback) -> {
                if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) return;
                GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                long used = 0;
                for (MemoryUsage u : info.getGcInfo().getMemoryUsageBeforeGc().values()) used += u.getUsed();
                h.sample(used - nonHeap(info));
            }, null, null);
        }
        return h;
    }

    /** The non-heap pools a collection also reports (metaspace, code cache): not part of the heap. */
    private static long nonHeap(GarbageCollectionNotificationInfo info) {
        long used = 0;
        for (var e : info.getGcInfo().getMemoryUsageBeforeGc().entrySet()) {
            String pool = e.getKey();
            if (pool.contains("Metaspace") || pool.contains("CodeHeap") || pool.contains("Code Cache") || pool.contains("Class Space")) used += e.getValue().getUsed();
        }
        return used;
    }

    private synchronized void sample(long used) { if (used > peak) peak = used; }

    /** The peak so far, with the heap in use now as one more sample. */
    long peak() {
        sample(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        return peak;
    }
}
