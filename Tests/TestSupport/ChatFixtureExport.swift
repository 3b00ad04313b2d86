// The tests' chat-completions server lives in ChatFixture (the `chat-fixture` measurement
// server uses it too); every test that imports TestSupport sees it.
@_exported import ChatFixture
