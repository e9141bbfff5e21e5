package org.surgecare.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * The web pages in a real browser against a real node: two separate Chromium sessions, a patient's and a
 * caregiver's, signing in through the demo login page. Also writes the screenshots of each page.
 */
class WebPagesBrowserIT extends OneNodeTest {
  private static Browser patient;
  private static Browser caregiver;

  @BeforeAll
  static void startBrowsers() throws IOException {
    Browser.requireInstalled();
    patient = new Browser(node.baseUrl());
    caregiver = new Browser(node.baseUrl());
  }

  @AfterAll
  static void stopBrowsers() throws IOException {
    for (Browser browser : new Browser[] {patient, caregiver}) {
      if (browser != null) {
        browser.close();
      }
    }
  }

  /** Signs in as a demo caregiver or operator and waits for their page. */
  private static void signIn(Browser browser, String subject) {
    browser.open("/login");
    browser.script("sessionStorage.clear()");
    browser.click(By.cssSelector("button.persona[data-subject='" + subject + "']"));
    browser.visible("signed-in-as");
  }

  /** Signs in as a demo patient with a name and a state, and waits for the intake page. */
  private static void signInPatient(String name, String state, String screenshots) throws IOException {
    patient.open("/login");
    patient.script("sessionStorage.clear()");
    patient.type(By.id("patient-name"), name);
    new Select(patient.visible("patient-state")).selectByValue(state);
    if (screenshots != null) {
      patient.screenshots(screenshots);
    }
    patient.click(By.id("sign-in-patient"));
    patient.visible("intake-form");
  }

  @Test
  void aPatientWaitsAndAProviderTakesAndStartsTheirVisit() throws IOException {
    signIn(caregiver, "dr-rivera");
    caregiver.visible("queue-WA");
    caregiver.script("window.notReloaded = true");

    signInPatient("Jamie Rivers", "WA", "login");
    patient.showing(By.id("availability"), "Open now");
    patient.click(By.id("request-visit"));
    assertThat(patient.visible("intake-reason-error").getText()).as("the API's field error, next to its field").isEqualTo("Must not be blank");
    patient.type(By.id("intake-reason"), "Sore throat and fever since yesterday");
    patient.screenshots("patient-intake");
    patient.click(By.id("request-visit"));

    patient.showing(By.id("position-text"), "You are next in line.");
    assertThat(patient.visible("position").getText()).isEqualTo("1");
    assertThat(patient.visible("estimate-line").getText()).startsWith("Estimated wait: ");

    By row = By.xpath(rowOf("Jamie Rivers"));
    caregiver.visible(row);
    caregiver.showing(By.cssSelector("#queue-WA .waiting"), "1");
    assertThat(caregiver.script("return window.notReloaded === true")).as("the patient appeared without a reload").isEqualTo(true);
    patient.screenshots("patient-waiting");
    caregiver.screenshots("dashboard");

    caregiver.click(By.id("next-patient"));
    caregiver.showing(By.id("current-visit"), "Jamie Rivers");
    patient.showing(By.id("assigned-line"), "A provider is getting ready for you");

    caregiver.click(By.id("start-visit"));
    assertThat(patient.visible("starting-h").getText()).isEqualTo("Your visit is starting");
    patient.screenshots("patient-visit-starting");

    caregiver.click(By.id("complete-visit"));
    patient.showing(By.id("ended-h"), "Your visit is complete");
    caregiver.await(d -> d.findElements(row).isEmpty());
  }

  @Test
  void chatInBothDirections() throws IOException {
    signInPatient("Casey Lane", "OR", null);
    patient.type(By.id("intake-reason"), "Rash on both arms since this morning");
    patient.click(By.id("request-visit"));
    patient.visible("position-text");
    By patientLog = By.cssSelector("#patient-chat-view .chat-log");
    say(patient, By.id("patient-chat-view-text"), "Hello, how long is the wait today?");
    patient.showing(patientLog, "Hello, how long is the wait today?");

    signIn(caregiver, "sam-support");
    By row = By.xpath(rowOf("Casey Lane"));
    By chatButton = By.xpath(rowOf("Casey Lane") + "//button[contains(@class,'chat-open')]");
    By unread = By.xpath(rowOf("Casey Lane") + "//span[contains(@class,'unread')]");
    // Unread counts come with the dashboard's load: load it again until the read model has counted the message.
    caregiver.await(d -> unreadShown(d, row, unread));
    assertThat(caregiver.driver.findElement(chatButton).getAttribute("aria-label")).isEqualTo("Chat with Casey Lane, 1 unread");

    caregiver.click(chatButton);
    By caregiverLog = By.cssSelector("#chats .chat-log");
    caregiver.showing(caregiverLog, "Hello, how long is the wait today?");
    caregiver.await(d -> d.findElement(unread).getText().isEmpty()); // read: the count is gone
    say(caregiver, By.cssSelector("#chats input[name=text]"), "About 15 minutes. Is the rash itchy?");

    patient.showing(patientLog, "About 15 minutes. Is the rash itchy?");
    patient.showing(patientLog, "Care team (support)");
    say(patient, By.id("patient-chat-view-text"), "Yes, very itchy.");
    caregiver.showing(caregiverLog, "Yes, very itchy.");
    caregiver.showing(caregiverLog, "Casey Lane");
    patient.screenshots("patient-chat", patientLog);
    caregiver.screenshots("dashboard-chat", caregiverLog);

    patient.click(By.id("cancel-visit"));
    patient.click(By.id("cancel-yes"));
    patient.visible("ended-h");
    caregiver.await(d -> d.findElements(row).isEmpty());
  }

  /** The dashboard's row of a patient, as XPath. */
  private static String rowOf(String patientName) {
    return "//tbody[@id='visits']/tr[td[2][normalize-space()='" + patientName + "']]";
  }

  /** Writes a message and sends it with the keyboard. */
  private static void say(Browser browser, By input, String text) {
    browser.type(input, text);
    browser.visible(input).sendKeys(Keys.ENTER);
    browser.await(d -> d.findElement(input).getAttribute("value").isEmpty());
  }

  /** Whether the patient's row shows one unread message; reloads the dashboard when it has loaded without it. */
  private static boolean unreadShown(WebDriver driver, By row, By unread) {
    if (driver.findElements(row).isEmpty()) {
      return false;
    }
    if (driver.findElement(unread).getText().equals("1")) {
      return true;
    }
    driver.navigate().refresh();
    return false;
  }

  @Test
  void supportMarksAStateBusyAndThePatientSeesTheirMessage() throws IOException {
    signIn(caregiver, "sam-support");
    caregiver.type(By.id("watch-states"), "OR, WA");
    caregiver.click(By.cssSelector("#watch-form button[type=submit]"));
    caregiver.await(d -> d.findElements(By.id("queue-CA")).isEmpty());
    caregiver.visible("queue-OR");
    caregiver.click(By.id("busy-OR"));
    caregiver.type(By.id("busy-message-OR"), "Flu surge: waits are longer than usual");
    caregiver.click(By.id("busy-save-OR"));
    caregiver.showing(By.cssSelector("#queue-OR .badges"), "Busy");
    caregiver.showing(By.cssSelector("#queue-OR .status-line"), "Flu surge");
    caregiver.screenshots("dashboard-support");

    signInPatient("Robin Oakes", "OR", null);
    patient.showing(By.id("availability-busy"), "Flu surge: waits are longer than usual");
    patient.screenshots("patient-busy");

    caregiver.click(By.id("busy-OR"));
    caregiver.click(By.id("busy-save-OR"));
    caregiver.await(d -> !d.findElement(By.cssSelector("#queue-OR .badges")).getText().contains("Busy"));
  }

  @Test
  void theOperatorViewShowsTheOperatorAndDegradesWithoutTheStatusEndpoint() throws IOException {
    signIn(caregiver, "oli-operator");
    assertThat(caregiver.driver.getCurrentUrl()).endsWith("/operator");
    assertThat(caregiver.visible("signed-in-as").getText()).contains("Oli Jensen").contains("operator");
    caregiver.showing(By.id("ready"), "ready");
    if (api.get("/api/v1/operator/status", api.token("oli-operator", "operator", "demo")).status() == 404) {
      caregiver.showing(By.id("status-unavailable"), "Operator status unavailable");
    } else {
      caregiver.showing(By.id("members"), node.system().address().toString());
      caregiver.showing(By.id("projections"), "visit-board");
      caregiver.visible(By.cssSelector("#rate-chart svg")); // drawn from the second poll on: the view is live
    }
    caregiver.screenshots("operator");
  }
}
