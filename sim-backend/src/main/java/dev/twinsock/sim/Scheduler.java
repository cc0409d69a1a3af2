package dev.twinsock.sim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Decides who runs. Exactly one waiter — a task or the driver — holds the permit at any time.
 * When the holder blocks, it chooses its successor itself: the first ready waiter, or, when none
 * is ready, it pops the next event, moves the clock and runs the event on its own thread (the
 * kernel has no threads of its own). So one blocking call costs at most one thread hand-off.
 *
 * <p>Nothing ready, no event due and somebody waiting is a deadlock: reported to the driver as a
 * {@link SimDeadlockException}, never a hang.
 */
final class Scheduler {
  static final long NO_DEADLINE = -1;

  final VirtualClock clock = new VirtualClock();
  final EventQueue events = new EventQueue();
  private final SimTrace trace;
  private final long seed;
  private final ArrayDeque<Waiter> ready = new ArrayDeque<>();
  /** Tasks of paused hosts that would be ready, in the order they became so. */
  private final List<Task> frozen = new ArrayList<>();
  // looked up only, never iterated
  private final java.util.Set<SimHost> paused = new java.util.HashSet<>();
  private final List<Task> tasks = new ArrayList<>();
  private final ThreadLocal<Task> currentTask = new ThreadLocal<>();
  final Waiter driver = new Waiter(this, "driver");
  /** Woken whenever a task ends or fails. */
  private final WaitQueue taskEnded = new WaitQueue();
  private int liveTasks;
  /** When set, the driver takes the permit back after every task slice or event. */
  private boolean driverStepping;
  private boolean aborting;
  /** A deadlock or task failure that the driver must throw. */
  private RuntimeException failure;
  /** How many times the permit moved from one thread to another. */
  private long handOffs;
  private boolean inEvent;
  /**
   * Loopback packets sent and not yet received. Linux delivers loopback traffic within the
   * sending call, so these are delivered before the call returns (and before anything else runs):
   * at the end of the outermost socket call, after each event, and before a call blocks. A
   * delivery that sends again queues behind, so delivery is iterative, never recursive.
   */
  private final ArrayDeque<Runnable> loopback = new ArrayDeque<>();
  private boolean deliveringLoopback;
  /** How deep the current thread is in socket calls; the outermost one delivers on its way out. */
  private final ThreadLocal<int[]> callDepth = ThreadLocal.withInitial(() -> new int[1]);
  /** Said beside the seed in failure messages: the fault plan in force, or null. */
  private String context;

  Scheduler(long seed, SimTrace trace) {
    this.seed = seed;
    this.trace = trace;
  }

  void context(String context) {
    this.context = context;
  }

  private String seedAndContext() {
    return "seed " + seed + (context == null ? "" : ", " + context);
  }

  long now() {
    return clock.nanos();
  }

  Timer schedule(long delayNanos, Runnable action) {
    return events.schedule(clock.nanos() + Math.max(0, delayNanos), action);
  }

  Task spawn(SimHost host, String name, Runnable body) {
    if (aborting) {
      throw new IllegalStateException("the simulation has ended");
    }
    Task task = new Task(this, host, name, body);
    task.thread = TaskThreads.unstarted("sim " + host.name() + "/" + name, () -> runTask(task));
    tasks.add(task);
    liveTasks++;
    trace.record(now(), "spawn " + host.name() + "/" + name);
    makeReady(task);
    return task;
  }

  /** The waiter of the calling thread: its task, or the driver. */
  Waiter current() {
    Task task = currentTask.get();
    return task != null ? task : driver;
  }

  boolean onDriver() {
    return currentTask.get() == null;
  }

  void makeReady(Waiter waiter) {
    if (!waiter.inReadyQueue) {
      waiter.inReadyQueue = true;
      if (waiter instanceof Task && paused.contains(((Task) waiter).host) && !((Task) waiter).aborted) {
        frozen.add((Task) waiter);
      } else {
        ready.add(waiter);
      }
    }
  }

  /** Freezes the tasks of {@code host}: none runs until {@link #resume}. Its kernel runs on. */
  void pause(SimHost host) {
    if (!paused.add(host)) {
      return;
    }
    ArrayDeque<Waiter> keep = new ArrayDeque<>();
    for (Waiter waiter : ready) {
      if (waiter instanceof Task && ((Task) waiter).host == host) {
        frozen.add((Task) waiter);
      } else {
        keep.add(waiter);
      }
    }
    ready.clear();
    ready.addAll(keep);
  }

  void resume(SimHost host) {
    if (!paused.remove(host)) {
      return;
    }
    for (java.util.Iterator<Task> it = frozen.iterator(); it.hasNext(); ) {
      Task task = it.next();
      if (task.host == host) {
        it.remove();
        ready.add(task);
      }
    }
  }

  boolean isPaused(SimHost host) {
    return paused.contains(host);
  }

  /**
   * Ends every task of a crashed host: each unwinds from its blocking call when it next runs. If
   * the caller is one of them, it unwinds at once.
   */
  void abortTasksOf(SimHost host) {
    resume(host);
    boolean self = false;
    for (Task task : tasks) {
      if (task.host != host || task.done || task.aborted) {
        continue;
      }
      task.aborted = true;
      if (task == currentTask.get()) {
        self = true;
      } else {
        makeReady(task);
      }
    }
    if (self) {
      throw new TaskAbort();
    }
  }

  /**
   * Blocks the caller until one of {@code queues} is woken or the virtual {@code deadline} passes.
   * Returns true if it timed out. The caller re-checks its condition either way.
   */
  boolean park(String call, long deadline, WaitQueue... queues) {
    if (inEvent) {
      throw new IllegalStateException("the kernel blocked inside an event: " + call);
    }
    // what the caller sent before it waits arrives first, and may be what it waits for: the
    // caller looks again (a spurious wake-up) before it really waits
    if (deliverLoopback()) {
      return false;
    }
    Waiter self = current();
    if (self instanceof Task && ((Task) self).aborted) {
      throw new TaskAbort();
    }
    if (deadline != NO_DEADLINE && deadline <= now()) {
      return true;
    }
    self.blockedIn = call;
    self.timedOut = false;
    for (WaitQueue queue : queues) {
      queue.add(self);
      self.waitingOn.add(queue);
    }
    if (deadline != NO_DEADLINE) {
      self.deadline = events.schedule(deadline, () -> {
        self.timedOut = true;
        makeReady(self);
      });
    }
    try {
      switchAway(self);
    } finally {
      for (WaitQueue queue : self.waitingOn) {
        queue.remove(self);
      }
      self.waitingOn.clear();
      if (self.deadline != null) {
        self.deadline.cancel();
        self.deadline = null;
      }
      self.blockedIn = null;
    }
    if (self instanceof Task && ((Task) self).aborted) {
      throw new TaskAbort();
    }
    if (self == driver && failure != null) {
      throw takeFailure();
    }
    return self.timedOut;
  }

  /** Sleeps on the virtual clock. */
  void sleep(long nanos) {
    long until = now() + Math.max(0, nanos);
    while (!park("sleep", until)) {
      // woken early only by abort; park throws then
    }
  }

  /** Gives the permit away until someone hands it back to {@code self}. */
  private void switchAway(Waiter self) {
    while (true) {
      if (driverStepping && self != driver) {
        transfer(self, driver);
        return;
      }
      Waiter next = ready.poll();
      if (next != null) {
        next.inReadyQueue = false;
        if (next == self) {
          return;
        }
        transfer(self, next);
        return;
      }
      Timer event = events.poll();
      if (event != null) {
        clock.advanceTo(event.time);
        runEvent(event);
        continue;
      }
      SimDeadlockException deadlock = deadlock();
      if (self == driver) {
        throw deadlock;
      }
      failure = deadlock;
      transfer(self, driver);
      return;
    }
  }

  private void transfer(Waiter from, Waiter to) {
    handTo(to);
    if (from != null) {
      from.permit.acquireUninterruptibly();
    }
  }

  /** Runs a kernel event, then the loopback deliveries it caused; the kernel must not block inside one. */
  private void runEvent(Timer event) {
    inEvent = true;
    try {
      event.action.run();
    } finally {
      inEvent = false;
    }
    deliverLoopback();
  }

  /** Queues a loopback delivery: it happens before the sending call returns (see {@link #loopback}). */
  void sendOverLoopback(Runnable delivery) {
    loopback.add(delivery);
    if (callDepth.get()[0] == 0 && !inEvent) {
      deliverLoopback(); // sent from outside any socket call or event: deliver at once
    }
  }

  /**
   * Delivers every queued loopback packet, and those their delivery sends, in the order sent.
   * True if it delivered any.
   */
  boolean deliverLoopback() {
    if (deliveringLoopback || loopback.isEmpty()) {
      return false; // (while delivering, the loop further up this stack takes what was just queued)
    }
    deliveringLoopback = true;
    try {
      Runnable delivery;
      while ((delivery = loopback.poll()) != null) {
        inKernel(delivery);
      }
    } finally {
      deliveringLoopback = false;
    }
    return true;
  }

  /** A socket call begins on this thread. */
  void enterCall() {
    callDepth.get()[0]++;
  }

  /** A socket call ends on this thread; the outermost one delivers what it sent over loopback. */
  void exitCall() {
    int[] depth = callDepth.get();
    if (--depth[0] == 0) {
      deliverLoopback();
    }
  }

  /** Runs kernel code outside an event (a test delivering a packet by hand) under the same rule: no blocking. */
  void inKernel(Runnable action) {
    boolean was = inEvent;
    inEvent = true;
    try {
      action.run();
    } finally {
      inEvent = was;
    }
  }

  long handOffs() {
    return handOffs;
  }

  private void handTo(Waiter to) {
    handOffs++;
    if (to instanceof Task) {
      Task task = (Task) to;
      trace.record(now(), "run " + task.host.name() + "/" + task.name);
      if (!task.started) {
        task.started = true;
        task.thread.start();
        return;
      }
    }
    to.permit.release();
  }

  private void runTask(Task task) {
    currentTask.set(task);
    try {
      if (!task.aborted) {
        task.body.run();
      }
    } catch (TaskAbort abort) {
      // the simulation ended; nothing to report
    } catch (Throwable error) {
      if (failure == null && !task.aborted) {
        String message = task + " failed (" + seedAndContext() + ", virtual time " + SimTrace.time(now()) + "): " + error;
        failure = new TaskFailure(message, error);
        makeReady(driver);
      }
    } finally {
      task.done = true;
      liveTasks--;
      trace.record(now(), "end " + task.host.name() + "/" + task.name);
      taskEnded.wakeAll();
      exit(task);
    }
  }

  /** The last act of a finished task: pass the permit on without waiting for it back. */
  private void exit(Task task) {
    if (aborting) {
      handTo(driver);
      return;
    }
    while (true) {
      if (driverStepping) {
        handTo(driver);
        return;
      }
      Waiter next = ready.poll();
      if (next != null) {
        next.inReadyQueue = false;
        handTo(next);
        return;
      }
      Timer event = events.poll();
      if (event != null) {
        clock.advanceTo(event.time);
        try {
          runEvent(event);
        } catch (RuntimeException e) {
          failure = e;
          handTo(driver);
          return;
        }
        continue;
      }
      failure = deadlock();
      handTo(driver);
      return;
    }
  }

  private SimDeadlockException deadlock() {
    StringBuilder message = new StringBuilder("deadlock at virtual time ")
        .append(SimTrace.time(now())).append(" (").append(seedAndContext())
        .append("): nothing is ready and no event is scheduled");
    if (driver.blockedIn != null) {
      message.append("\n  driver blocked in ").append(driver.blockedIn);
    }
    for (Task task : tasks) {
      if (task.done) {
        continue;
      }
      if (frozen.contains(task) || paused.contains(task.host)) {
        message.append("\n  ").append(task).append(" paused").append(task.blockedIn != null ? " in " + task.blockedIn : "");
      } else if (task.blockedIn != null) {
        message.append("\n  ").append(task).append(" blocked in ").append(task.blockedIn);
      }
    }
    return new SimDeadlockException(message.toString());
  }

  private RuntimeException takeFailure() {
    RuntimeException taken = failure;
    failure = null;
    abortAll();
    return taken;
  }

  private void checkDriver(String verb) {
    if (!onDriver()) {
      throw new IllegalStateException(verb + " is for the driver, not for a task");
    }
  }

  /** Runs until every task has ended. */
  void run() {
    checkDriver("run()");
    while (liveTasks > 0) {
      park("run()", NO_DEADLINE, taskEnded);
    }
  }

  /** Runs everything due in the next {@code nanos} of virtual time, then returns. */
  void runFor(long nanos) {
    checkDriver("runFor()");
    long until = now() + Math.max(0, nanos);
    while (!park("runFor()", until)) {
      // a task ended: keep going until the time is up
    }
  }

  /** Runs until {@code condition} holds, checking it after every task slice and every event. */
  void runUntil(BooleanSupplier condition) {
    checkDriver("runUntil()");
    while (true) {
      if (failure != null) {
        throw takeFailure();
      }
      if (condition.getAsBoolean()) {
        return;
      }
      if (!step()) {
        driver.blockedIn = "runUntil()";
        try {
          throw deadlock();
        } finally {
          driver.blockedIn = null;
        }
      }
    }
  }

  /** Runs one task until it blocks or ends, or else one event. False if there was nothing to do. */
  boolean step() {
    checkDriver("step()");
    Waiter next = ready.poll();
    if (next != null) {
      next.inReadyQueue = false;
      if (next == driver) {
        if (failure != null) {
          throw takeFailure();
        }
        return true;
      }
      driverStepping = true;
      driver.blockedIn = "step()";
      try {
        transfer(driver, next);
      } finally {
        driverStepping = false;
        driver.blockedIn = null;
      }
      if (failure != null) {
        throw takeFailure();
      }
      return true;
    }
    Timer event = events.poll();
    if (event != null) {
      clock.advanceTo(event.time);
      runEvent(event);
      return true;
    }
    return false;
  }

  /** Ends every task that has not ended: each unwinds from its blocking call, one at a time. */
  void abortAll() {
    if (!onDriver()) {
      return;
    }
    aborting = true;
    try {
      for (Task task : tasks) {
        if (task.done) {
          continue;
        }
        task.aborted = true;
        if (!task.started) {
          task.done = true;
          liveTasks--;
          continue;
        }
        transfer(driver, task);
      }
      ready.clear();
      frozen.clear();
      for (Task task : tasks) {
        task.inReadyQueue = false;
      }
      driver.inReadyQueue = false;
    } finally {
      aborting = false;
    }
  }

  /** A task's exception, with the task's name, the seed and the virtual time. */
  static final class TaskFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TaskFailure(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
