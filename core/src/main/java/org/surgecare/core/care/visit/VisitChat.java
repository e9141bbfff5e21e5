package org.surgecare.core.care.visit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.typed.javadsl.EffectBuilder;
import org.apache.pekko.persistence.typed.javadsl.EffectFactories;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.surgecare.core.care.rules.ChatLimits;
import org.surgecare.core.care.visit.Visit.GetMessages;
import org.surgecare.core.care.visit.Visit.MarkMessagesRead;
import org.surgecare.core.care.visit.Visit.MessagePosted;
import org.surgecare.core.care.visit.Visit.MessagesRead;
import org.surgecare.core.care.visit.Visit.PostMessage;
import org.surgecare.core.care.visit.VisitState.VisitRecord;
import org.surgecare.core.common.entity.Refusal;

/**
 * The visit's chat commands, handled for the {@link Visit} entity (messages are part of the visit's history):
 * only the visit's patient and staff take part, and only while the visit is active.
 */
final class VisitChat {
  private final EffectFactories<Visit.Event, VisitState> effect;
  private final Function<Visit.Event, EffectBuilder<Visit.Event, VisitState>> persisted;
  private final Clock clock;

  VisitChat(
      EffectFactories<Visit.Event, VisitState> effect,
      Function<Visit.Event, EffectBuilder<Visit.Event, VisitState>> persisted,
      Clock clock) {
    this.effect = effect;
    this.persisted = persisted;
    this.clock = clock;
  }

  ReplyEffect<Visit.Event, VisitState> onGetMessages(VisitState state, GetMessages c) {
    return state instanceof VisitRecord record && record.visibleTo(c.readerId(), c.readerRole())
        ? effect.reply(c.replyTo(), StatusReply.success(record.chat().after(c.after(), c.limit())))
        : effect.reply(c.replyTo(), unseen(state));
  }

  ReplyEffect<Visit.Event, VisitState> onMarkRead(VisitState state, MarkMessagesRead c) {
    if (!(state instanceof VisitRecord record && record.visibleTo(c.readerId(), c.readerRole()))) {
      return effect.reply(c.replyTo(), unseen(state));
    }
    if (!c.readerRole().caregiver()) {
      return effect.reply(c.replyTo(), Refusal.reply(Refusal.Kind.FORBIDDEN, "only staff keep the read marker"));
    }
    long upTo = Math.min(c.upTo(), record.chat().lastNumber());
    if (upTo <= record.chat().staffReadUpTo()) {
      return effect.reply(c.replyTo(), StatusReply.success(record.chat().summary()));
    }
    return persisted.apply(new MessagesRead(upTo, c.readerId(), clock.instant()))
        .thenReply(c.replyTo(), after -> StatusReply.success(((VisitRecord) after).chat().summary()));
  }

  /** No such visit, or one the caller does not take part in: both look the same to them. */
  private static <T> StatusReply<T> unseen(VisitState state) {
    return state instanceof VisitRecord
        ? Refusal.reply(Refusal.Kind.HIDDEN, Visit.NO_SUCH_VISIT)
        : Visit.notFound();
  }

  ReplyEffect<Visit.Event, VisitState> onPost(VisitState state, PostMessage c) {
    if (!(state instanceof VisitRecord record && record.visibleTo(c.senderId(), c.senderRole()))) {
      return effect.reply(c.replyTo(), unseen(state));
    }
    if (!record.status().active()) {
      return effect.reply(c.replyTo(), Refusal.reply(Refusal.Kind.CONFLICT, "the visit is " + Visit.describe(record) + "; its chat is closed"));
    }
    Chat chat = record.chat();
    Instant now = clock.instant();
    ChatLimits.Verdict verdict = ChatLimits.DEFAULT.check(c.text(), chat.postsBy(c.senderId()), chat.messages().size(), now);
    if (verdict instanceof ChatLimits.Invalid invalid) {
      return effect.reply(c.replyTo(), Refusal.reply(Refusal.Kind.INVALID, invalid.detail()));
    }
    if (verdict instanceof ChatLimits.Full full) {
      return effect.reply(c.replyTo(), Refusal.reply(Refusal.Kind.CONFLICT, "the visit's chat holds its most messages (" + full.maxMessages() + ")"));
    }
    if (verdict instanceof ChatLimits.Throttled throttled) {
      return effect.reply(c.replyTo(), throttled(throttled.retryAfter()).reply());
    }
    return persisted.apply(new MessagePosted(chat.lastNumber() + 1, c.senderId(), c.senderRole(), c.text(), now))
        .thenReply(c.replyTo(), after -> StatusReply.success(lastMessage((VisitRecord) after)));
  }

  /** The sender posts too often; nothing was recorded. */
  private static Refusal throttled(Duration retryAfter) {
    long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    ChatLimits limits = ChatLimits.DEFAULT;
    return Refusal.rateLimited(
        "at most " + limits.perSender() + " messages in " + limits.window().toSeconds() + " seconds; retry in " + seconds + " s",
        retryAfter);
  }

  private static Chat.ChatMessage lastMessage(VisitRecord record) {
    List<Chat.ChatMessage> messages = record.chat().messages();
    return messages.get(messages.size() - 1);
  }
}
