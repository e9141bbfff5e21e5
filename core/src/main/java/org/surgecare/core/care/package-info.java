/**
 * Virtual visits: state queues, visits and their chat, caregivers, patients' intake, dispatch, the live feed and
 * the rules (hours, throttle, admission, wait estimate, licensure). Shares only {@code org.surgecare.core.common}
 * with the vaccine product.
 */
package org.surgecare.core.care;
