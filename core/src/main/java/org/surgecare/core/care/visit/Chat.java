package org.surgecare.core.care.visit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.surgecare.core.common.JsonSerializable;
import org.surgecare.core.common.Role;

/**
 * A visit's chat: its messages in the order the visit accepted them, numbered from 1 without gaps, and how far
 * staff have read. Staff share one read marker per visit, so "unread" means patient messages no one on staff has
 * marked read yet.
 */
public record Chat(List<ChatMessage> messages, long staffReadUpTo) implements JsonSerializable {
  public static final Chat EMPTY = new Chat(List.of(), 0);

  /** One message; {@code number} orders the chat, {@code senderRole} is the role the sender posted in. */
  public record ChatMessage(long number, String senderId, Role senderRole, String text, Instant at)
      implements JsonSerializable {}

  /** Where the chat stands: its last message number, the staff read marker and the patient messages after it. */
  public record Summary(long lastNumber, long staffReadUpTo, long unread) implements JsonSerializable {}

  /** Messages after a number, at most {@code limit} of them, with the chat's summary. */
  public record Page(List<ChatMessage> messages, boolean more, Summary summary) implements JsonSerializable {
    public Page {
      messages = List.copyOf(messages);
    }
  }

  public Chat {
    messages = List.copyOf(messages);
  }

  public long lastNumber() {
    return messages.size();
  }

  public long unread() {
    return messages.stream().filter(m -> m.number() > staffReadUpTo && m.senderRole() == Role.PATIENT).count();
  }

  public Summary summary() {
    return new Summary(lastNumber(), staffReadUpTo, unread());
  }

  public Page after(long number, int limit) {
    int from = (int) Math.min(Math.max(number, 0), messages.size());
    int to = Math.min(from + limit, messages.size());
    return new Page(messages.subList(from, to), to < messages.size(), summary());
  }

  /** When this sender posted, for the rate limit. */
  public List<Instant> postsBy(String senderId) {
    return messages.stream().filter(m -> m.senderId().equals(senderId)).map(ChatMessage::at).toList();
  }

  Chat with(ChatMessage message) {
    List<ChatMessage> more = new ArrayList<>(messages);
    more.add(message);
    return new Chat(more, staffReadUpTo);
  }

  Chat readUpTo(long number) {
    return new Chat(messages, Math.max(staffReadUpTo, number));
  }
}
