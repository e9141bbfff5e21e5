package org.surgecare.core.care;

import org.apache.pekko.actor.typed.RecipientRef;
import org.surgecare.core.care.caregiver.Caregiver;
import org.surgecare.core.care.patient.PatientVisits;
import org.surgecare.core.care.queue.StateQueue;
import org.surgecare.core.common.UsState;
import org.surgecare.core.care.visit.Visit;

/** How entities and flows reach other entities: sharded in a node, plain actors or probes in tests. */
public interface Entities {
  RecipientRef<StateQueue.Command> queue(String tenant, UsState state);

  RecipientRef<Visit.Command> visit(String tenant, String visitId);

  RecipientRef<Caregiver.Command> caregiver(String tenant, String caregiverId);

  RecipientRef<PatientVisits.Command> patient(String tenant, String patientId);
}
