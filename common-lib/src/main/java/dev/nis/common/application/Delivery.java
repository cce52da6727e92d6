package dev.nis.common.application;

/**
 * One message handed to an applier by the queue: its decoded payload, its position in its stream,
 * and the acknowledgement that removes it from the queue. Not acknowledging (returning by an
 * exception) leaves it to be redelivered.
 *
 * @param <T> the payload: a service's command, or an enrollment-log entry
 */
public interface Delivery<T> {
  T payload();

  /**
   * The message's stream sequence: the guard that makes a redelivery harmless (I4), since each
   * entity keeps the sequence of the last change applied to it.
   */
  long sequence();

  /**
   * The message's identity as its publisher set it ({@code Nats-Msg-Id}): the operation id of a
   * command, the entry id of an enrollment-log entry. A late duplicate (re-published after the
   * queue's duplicate window) has the same identity and a new sequence.
   */
  String messageId();

  /**
   * Whether the queue delivered this message before (its ack was lost, or the process holding it
   * died): its first delivery may have recorded an outcome already.
   */
  boolean redelivered();

  /**
   * Whether the publisher marked the message a reissue ({@link
   * dev.nis.common.application.port.out.CommandQueue#reissue}): a copy of a command that may have
   * been queued before, to be applied only while its operation is undecided. Never for a log entry.
   */
  boolean reissue();

  /** Tells the queue the message is done with; called last, once its outcome is recorded. */
  void ack();
}
