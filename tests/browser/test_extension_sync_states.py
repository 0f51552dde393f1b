"""The popup when a sync fails and when the Exelare integration is in error.

A module of its own, with its own product (the `stack` fixture is per
module): scripting the sandbox's faults and breaking the integration must
not leak into the other extension tests.
"""
import re

import requests
from browser_support import screenshot
from playwright.sync_api import expect
from test_extension import (FINTECH, SYNC_TIMEOUT_MS, choose_campaign, ext, pages,  # noqa: F401 (fixtures)
                            wait_for_view)


def fault(stack, **body):
    requests.post(f"{stack.sandbox_url}/_sandbox/faults", json=body, timeout=5).raise_for_status()


def test_failed_sync_shows_the_reason_and_retry_syncs_it(ext, stack, pages):
    ext.sign_in_directly(stack)
    _, tab = ext.open_site(f"{pages}/linkedin_profile.html?slug=felix-fails-once")
    popup = ext.popup(tab)
    wait_for_view(popup, "person-new")
    choose_campaign(popup, FINTECH)
    fault(stack, count=1, status=400, operations=["create"])   # Exelare refuses the create once
    popup.click("#save")

    state = popup.locator("#sync-state")
    expect(state).to_have_attribute("data-status", "failed", timeout=SYNC_TIMEOUT_MS)
    expect(state).to_have_text("Sync as Contact failed.")
    expect(popup.locator("#sync-detail")).not_to_be_empty()
    expect(popup.locator("#retry")).to_be_visible()
    screenshot(popup, "person-sync-failed")

    popup.click("#retry")
    expect(state).to_have_attribute("data-status", "synced", timeout=SYNC_TIMEOUT_MS)
    expect(state).to_have_text(re.compile(r"^Synced to Exelare as Contact #\S+\.$"))
    expect(popup.locator("#retry")).to_be_hidden()

    # "Sync now" pushes again on demand and settles again.
    popup.click("#sync-now")
    expect(state).to_have_attribute("data-status", "synced", timeout=SYNC_TIMEOUT_MS)
    expect(popup.locator("#notice")).to_be_hidden()


def test_integration_in_error_says_pushes_are_paused(ext, stack, pages):
    ext.sign_in_directly(stack)
    _, tab = ext.open_site(f"{pages}/linkedin_profile.html?slug=ines-integration-error")
    popup = ext.popup(tab)
    wait_for_view(popup, "person-new")
    expect(popup.locator("#integration")).to_be_hidden()
    choose_campaign(popup, FINTECH)
    fault(stack, count=1, status=401)                          # Exelare refuses the credentials
    popup.click("#save")

    banner = popup.locator("#integration")
    # The banner comes with the next look-up, while the popup follows the (now paused) job.
    expect(banner).to_be_visible(timeout=SYNC_TIMEOUT_MS)
    expect(banner).to_have_text(re.compile(
        r"^The Exelare integration is in error: .+ Pushes to Exelare are paused until an admin fixes it\.$"))
    screenshot(popup, "integration-error")

    # A popup opened now says it at once.
    again = ext.popup(tab)
    wait_for_view(again, "person-member")
    expect(again.locator("#integration")).to_be_visible()
