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
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Scheduler.class);
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
  /** What the scheduler knows of each thread that calls in: its task (none for the driver), its call depth. */
  private final ThreadLocal<Caller> caller = ThreadLocal.withInitial(Caller::new);
  final Waiter driver = new Waiter(this, "driver");
  /** Who holds the permit; read by threads the simulation does not know, to refuse them. */
  private volatile Waiter holder = driver;
  /** The thread that is the driver while it is inside a call or a run, else null. */
  private volatile Thread drivingThread;
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
  /** How long the driver waits for a task to hand the permit back before it reports the task. */
  private long realTimeBudgetNanos = java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
  /** Said beside the seed in failure messages: the fault plan in force, or null. */
  private String context;

  Scheduler(long seed, SimTrace trace) {
    this.seed = seed;
    this.trace = trace;
  }

  void realTimeBudget(long nanos) {
    this.realTimeBudgetNanos = nanos;
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
    checkCaller("spawn()");
    if (aborting) {
      throw new IllegalStateException("the simulation has ended");
    }
    Task task = new Task(this, host, name, body);
    task.thread = TaskThreads.unstarted("sim " + host.name() + "/" + name, () -> runTask(task));
    tasks.add(task);
    liveTasks++;
    trace.task(now(), TraceKind.SPAWN, host.name(), name);
    makeReady(task);
    return task;
  }

  /**
   * Registers a thread made by a host's thread factory as a task of that host, ready to run; its
   * {@code run()} then waits for the permit ({@link #runStartedThread}). Called from {@code
   * Thread.start()}, on the starting thread, so the task's place in the ready queue is as
   * deterministic as a spawn's.
   */
  Task adoptThread(Thread thread, SimHost host, String name, Runnable body) {
    checkCaller("Thread.start()");
    if (aborting) {
      throw new IllegalStateException("the simulation has ended");
    }
    Task task = new Task(this, host, name, body);
    task.thread = thread;
    task.started = true; // the thread starts now and waits for its permit; handing it over is a release
    tasks.add(task);
    liveTasks++;
    trace.task(now(), TraceKind.SPAWN, host.name(), name);
    makeReady(task);
    return task;
  }

  /** The body of a thread registered by {@link #adoptThread}: it runs once it is handed the permit. */
  void runStartedThread(Task task) {
    task.acquirePermit();
    runTask(task);
  }

  /** The waiter of the calling thread: its task, or the driver. */
  Waiter current() {
    Task task = caller.get().task;
    return task != null ? task : driver;
  }

  boolean onDriver() {
    return caller.get().task == null;
  }

  /**
   * Refuses a thread that is no task while a task runs, or while another thread drives: two threads
   * in the simulation at once would race on its state. Threads that run simulated code come from
   * {@link SimHost#threadFactory()} or {@link SimNetwork#spawn}.
   */
  void checkCaller(String call) {
    Caller self = caller.get();
    if (self.task != null) {
      return;
    }
    Thread me = Thread.currentThread();
    Waiter running = holder;
    Thread driving = drivingThread;
    if (running == driver && (driving == null || driving == me)) {
      return;
    }
    String who = running != driver ? running.toString() : "the driver thread '" + driving.getName() + "'";
    throw new IllegalStateException(call + " on thread '" + me.getName() + "', which is not a task of this "
        + "simulation, while " + who + " runs it (" + seedAndContext() + "): one thread at a time runs a "
        + "simulation. Make threads that call into it with SimHost.threadFactory() (or Sockets.threadFactory()) "
        + "or SimNetwork.spawn, or call only from the thread that drives it while no task runs");
  }

  /** The driver begins a run: it is the driving thread until its outermost run or call ends. */
  private void driverEnters(Caller self) {
    if (self.runs++ == 0 && self.depth == 0) {
      drivingThread = Thread.currentThread();
    }
  }

  private void driverLeaves(Caller self) {
    if (--self.runs == 0 && self.depth == 0) {
      drivingThread = null;
    }
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
      if (task == caller.get().task) {
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
    checkCaller(call);
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
    if (from == driver) {
      awaitPermitAsDriver();
    } else if (from != null) {
      from.acquirePermit();
    }
  }

  /**
   * The driver waits for the permit. A task that keeps it for long in real time is blocked in
   * something the simulation cannot see (Thread.sleep, a real socket, a lock another task holds) or
   * spins: the simulation cannot move meanwhile, so the driver says so, with the task's stack.
   */
  private void awaitPermitAsDriver() {
    if (driver.spinForPermit()) {
      return;
    }
    boolean interrupted = false;
    while (true) {
      try {
        if (driver.permit.tryAcquire(realTimeBudgetNanos, java.util.concurrent.TimeUnit.NANOSECONDS)) {
          break;
        }
      } catch (InterruptedException e) {
        interrupted = true; // (a test timeout): the driver still needs the permit before it may go on
        continue;
      }
      Waiter running = holder;
      if (running instanceof Task && ((Task) running).thread != null) {
        StringBuilder stack = new StringBuilder();
        for (StackTraceElement frame : ((Task) running).thread.getStackTrace()) {
          stack.append("\n\tat ").append(frame);
        }
        LOG.warn("{} has run for {} s of real time without a call that lets the simulation move ({}, virtual "
            + "time {}): a task must not block on real time, real sockets or locks that another task holds "
            + "(use the host's sleep and sockets); it is at:{}", running,
            java.util.concurrent.TimeUnit.NANOSECONDS.toSeconds(realTimeBudgetNanos), seedAndContext(),
            SimTrace.time(now()), stack);
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
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
    if (caller.get().depth == 0 && !inEvent) {
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
  Caller enterCall() {
    Caller self = caller.get();
    if (self.task == null) {
      checkCaller("a socket call");
      if (self.depth == 0 && self.runs == 0) {
        drivingThread = Thread.currentThread();
      }
    }
    self.depth++;
    return self; // the call hands it back to exitCall, progress and fruitless: one thread-local lookup per call
  }

  /** A socket call ends on this thread; the outermost one delivers what it sent over loopback. */
  void exitCall() {
    exitCall(caller.get());
  }

  void exitCall(Caller self) {
    try {
      if (self.depth == 1) {
        deliverLoopback();
      }
    } finally {
      if (--self.depth == 0 && self.task == null && self.runs == 0) {
        drivingThread = null;
      }
    }
  }

  /** How many calls in a row may find nothing to do before the caller lets the simulation move. */
  static final int FRUITLESS_CALLS_BEFORE_YIELD = 1000;
  /** How many yields in a row may find nothing at all to run before a poller is a livelock. */
  static final int IDLE_YIELDS_BEFORE_LIVELOCK = 1000;

  /** A call made progress: the caller's run of fruitless calls ends. */
  void progress() {
    progress(caller.get());
  }

  void progress(Caller self) {
    self.fruitless = 0;
    self.idleYields = 0;
  }

  /**
   * A non-blocking call found nothing to do (EAGAIN, or a select that polled nothing ready). A
   * program that polls in a loop never blocks, so on its own it would never let the clock move and
   * the data it polls for would never come. On the kernel, polling costs real time; here, after
   * {@value #FRUITLESS_CALLS_BEFORE_YIELD} fruitless calls in a row (about a millisecond of
   * spinning on a real machine) each further one yields: to the waiters that are ready, or else to
   * the next event, whose time the clock moves to. Deterministic: it counts calls, not time.
   */
  void fruitless(String call) {
    fruitless(caller.get(), call);
  }

  void fruitless(Caller self, String call) {
    if (++self.fruitless < FRUITLESS_CALLS_BEFORE_YIELD || inEvent) {
      return;
    }
    if (deliverLoopback()) {
      return;
    }
    Waiter waiter = current();
    if (!ready.isEmpty() || (driverStepping && waiter != driver)) {
      self.idleYields = 0;
      makeReady(waiter);
      waiter.blockedIn = call;
      try {
        switchAway(waiter);
      } finally {
        waiter.blockedIn = null;
      }
      if (waiter instanceof Task && ((Task) waiter).aborted) {
        throw new TaskAbort();
      }
      if (waiter == driver && failure != null) {
        throw takeFailure();
      }
      return;
    }
    Timer event = events.poll();
    if (event != null) {
      self.idleYields = 0;
      clock.advanceTo(event.time);
      runEvent(event);
      return;
    }
    if (++self.idleYields >= IDLE_YIELDS_BEFORE_LIVELOCK) {
      self.idleYields = 0;
      self.fruitless = 0;
      waiter.blockedIn = call + ", polling without progress";
      try {
        throw deadlock();
      } finally {
        waiter.blockedIn = null;
      }
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
    holder = to;
    if (to instanceof Task) {
      Task task = (Task) to;
      trace.task(now(), TraceKind.RUN, task.host.name(), task.name);
      if (!task.started) {
        task.started = true;
        task.thread.start();
        return;
      }
    }
    to.permit.release();
  }

  private void runTask(Task task) {
    caller.get().task = task;
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
      trace.task(now(), TraceKind.END, task.host.name(), task.name);
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
    return new SimDeadlockException(stillRunning("deadlock at virtual time " + SimTrace.time(now()) + " ("
        + seedAndContext() + "): nothing is ready and no event is scheduled"));
  }

  /** {@code headline}, then each waiter that has not ended and what it waits in. */
  private String stillRunning(String headline) {
    StringBuilder message = new StringBuilder(headline);
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
      } else if (task.started) {
        message.append("\n  ").append(task).append(" ready to run");
      }
    }
    return message.toString();
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
    Caller self = driving("run()");
    try {
      while (liveTasks > 0) {
        park("run()", NO_DEADLINE, taskEnded);
      }
    } finally {
      driverLeaves(self);
    }
  }

  /** The driver begins a run: refused on a task and on a thread that may not drive now. */
  private Caller driving(String verb) {
    checkDriver(verb);
    checkCaller(verb);
    Caller self = caller.get();
    driverEnters(self);
    return self;
  }

  /**
   * Runs until every task has ended, or fails once {@code limitNanos} of virtual time have passed
   * with tasks still running, naming each and what it is doing: a bound for programs that may run
   * forever (a server that never ends, a retry loop that never gives up).
   */
  void runWithin(long limitNanos) {
    Caller self = driving("run(limit)");
    try {
      long until = now() + Math.max(0, limitNanos);
      while (liveTasks > 0) {
        if (park("run(limit)", until, taskEnded) && liveTasks > 0) {
          throw new SimTimeLimitException(stillRunning("virtual time limit of " + SimTrace.time(limitNanos)
              + " s passed at " + SimTrace.time(now()) + " s (" + seedAndContext() + ") with tasks still running"));
        }
      }
    } finally {
      driverLeaves(self);
    }
  }

  /** Runs everything due in the next {@code nanos} of virtual time, then returns. */
  void runFor(long nanos) {
    Caller self = driving("runFor()");
    try {
      long until = now() + Math.max(0, nanos);
      while (!park("runFor()", until)) {
        // a task ended: keep going until the time is up
      }
    } finally {
      driverLeaves(self);
    }
  }

  /** Runs until {@code condition} holds, checking it after every task slice and every event. */
  void runUntil(BooleanSupplier condition) {
    Caller self = driving("runUntil()");
    try {
      runUntilHolds(condition);
    } finally {
      driverLeaves(self);
    }
  }

  private void runUntilHolds(BooleanSupplier condition) {
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
    Caller self = driving("step()");
    try {
      return stepOnce();
    } finally {
      driverLeaves(self);
    }
  }

  private boolean stepOnce() {
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

  /** One thread's standing with the scheduler. */
  static final class Caller {
    /** The task this thread runs, or null for the driver. */
    Task task;
    /** How deep the thread is in socket calls; the outermost one delivers loopback on its way out. */
    int depth;
    /** How deep the driver is in runs (run, runFor, runUntil, step). */
    int runs;
    /** Fruitless non-blocking calls in a row, and yields in a row that found nothing to run. */
    int fruitless;
    int idleYields;
  }

  /** A task's exception, with the task's name, the seed and the virtual time. */
  static final class TaskFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TaskFailure(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
