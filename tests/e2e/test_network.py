"""No test reaches past this machine: every socket that is not loopback is refused at once
(pytest-socket, set in setup.cfg's addopts), and the browser resolves no other host."""

from __future__ import annotations

import socket
import threading

import pytest
import requests
from pytest_socket import SocketConnectBlockedError


@pytest.mark.filterwarnings("ignore:A test tried to use socket")
def test_a_connection_past_loopback_is_refused_at_once():
    with pytest.raises(SocketConnectBlockedError):
        socket.create_connection(("192.0.2.1", 443), timeout=30)  # TEST-NET-1
    with pytest.raises(SocketConnectBlockedError):
        requests.get("http://192.0.2.1/", timeout=30)


def test_loopback_stays_open():
    server = socket.create_server(("127.0.0.1", 0))
    accepted = threading.Thread(target=lambda: server.accept()[0].close(), daemon=True)
    accepted.start()
    with socket.create_connection(server.getsockname(), timeout=5):
        pass
    accepted.join(timeout=5)
    server.close()


def test_the_browser_resolves_no_other_host(browser):
    from playwright.sync_api import Error

    page = browser.new_page()
    with pytest.raises(Error, match="ERR_NAME_NOT_RESOLVED"):
        page.goto("https://example.org/", timeout=10_000)
