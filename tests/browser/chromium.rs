//! One headless Chromium for the whole test binary, driven over the Chrome
//! `DevTools` Protocol; each [`Browser::open`] has a tab of its own, so tests
//! open pages from their threads in parallel.
//!
//! Chromium starts on first use with the flags of [`FLAGS`], a fresh
//! `--user-data-dir` and `--remote-debugging-port=0`; the port it chose is
//! in the `DevToolsActivePort` file of that folder. A tab is a target made
//! over the browser's websocket, and is then driven over its own.
//!
//! Why not the `headless_chrome` crate: its build script downloads the
//! protocol's description from the network (`auto_generate_cdp`), so it
//! does not build without one, and it compiles the whole generated
//! protocol (its dependencies alone took minutes on two cores). What these
//! tests need is six commands and four events: a synchronous websocket
//! (`tungstenite`, no TLS) and `serde_json` do it.
//!
//! The process outlives no test run: a static is never dropped, so a small
//! shell watchdog, whose standard input is a pipe from this process, ends
//! Chromium and removes its folder when that pipe closes, that is when the
//! test binary exits, however it exits.

use std::{
    env, fs,
    io::ErrorKind,
    net::TcpStream,
    path::{Path, PathBuf},
    process::{Child, ChildStdin, Command, Stdio},
    sync::{Mutex, OnceLock},
    thread,
    time::{Duration, Instant},
};

use serde_json::{Value, json};
use tungstenite::{Message, WebSocket};

/// Chromium's options, exactly these (Debian's `chromium` wrapper adds
/// those of `/etc/chromium.d`; `NEUROTRIAGE_CHROMIUM=/usr/lib/chromium/chromium`
/// runs without them).
pub(crate) const FLAGS: [&str; 7] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

/// How long starting the browser, or opening one page, may take.
const TIMEOUT: Duration = Duration::from_secs(30);

/// The size of the window a page is shown in, in CSS pixels (one device
/// pixel each). Narrower than 600 it is a phone's: Chromium's mobile
/// emulation, which heeds the page's `<meta name=viewport>` and draws
/// scroll bars over the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Viewport {
    pub(crate) width: u32,
    pub(crate) height: u32,
}

/// A laptop or a projector.
pub(crate) const DESKTOP: Viewport = Viewport { width: 1280, height: 800 };
/// A phone, in portrait.
pub(crate) const PHONE: Viewport = Viewport { width: 390, height: 844 };

/// The shared browser: `None` when there is none and the tests may skip
/// (a message said so on standard error); panics when there is none and
/// `NEUROTRIAGE_BROWSER_TESTS=require`, or when it would not start.
pub(crate) fn browser() -> Option<&'static Browser> {
    static BROWSER: OnceLock<Result<Option<Browser>, String>> = OnceLock::new();
    let browser = BROWSER.get_or_init(|| {
        let program = env::var("NEUROTRIAGE_CHROMIUM").unwrap_or_else(|_| "chromium".to_owned());
        let required = env::var("NEUROTRIAGE_BROWSER_TESTS").is_ok_and(|v| v == "require");
        match find_program(&program) {
            Some(path) => Browser::start(&path).map(Some),
            None if required => Err(format!(
                "`{program}` not found, and NEUROTRIAGE_BROWSER_TESTS=require \
                 (.ci/run installs Debian's chromium)"
            )),
            None => {
                // Once, and past the test harness's capture of `eprintln!`,
                // so that a run without a browser says so.
                let _ = std::io::Write::write_all(
                    &mut std::io::stderr(),
                    b"note: the browser tests were skipped: chromium not found; .ci/run installs it\n",
                );
                Ok(None)
            }
        }
    });
    match browser {
        Ok(Some(browser)) => Some(browser),
        Ok(None) => None,
        Err(message) => panic!("headless Chromium: {message}"),
    }
}

/// `program` itself when it names a path, else the first match on `PATH`.
fn find_program(program: &str) -> Option<PathBuf> {
    if program.contains('/') {
        return Some(PathBuf::from(program)).filter(|p| p.is_file());
    }
    env::split_paths(&env::var_os("PATH")?).map(|dir| dir.join(program)).find(|p| p.is_file())
}

pub(crate) struct Browser {
    port: u16,
    /// The browser's own websocket: making and closing tabs.
    socket: Mutex<Cdp>,
    /// Kept so that Chromium's process is not reaped, and the watchdog's
    /// pipe not closed, before the test binary exits.
    _process: Mutex<(Child, ChildStdin)>,
}

impl Browser {
    fn start(program: &Path) -> Result<Self, String> {
        let dir = tempfile::Builder::new()
            .prefix("neurotriage-chromium-")
            .tempdir()
            .map_err(|e| format!("a temporary folder: {e}"))?
            .keep();
        let profile = dir.join("profile");
        let log = dir.join("chromium.log");
        let log_file = fs::File::create(&log).map_err(|e| format!("{}: {e}", log.display()))?;
        let err_file = log_file.try_clone().map_err(|e| format!("{}: {e}", log.display()))?;
        let mut chromium = Command::new(program)
            .args(FLAGS)
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg("--remote-debugging-port=0")
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(log_file)
            .stderr(err_file)
            .spawn()
            .map_err(|e| format!("cannot run `{}`: {e}", program.display()))?;
        // Ends Chromium and removes its folder once this process is gone
        // (its standard input then reads end of file).
        let mut watchdog = Command::new("sh")
            .args([
                "-c",
                "read -r _; kill \"$1\" 2>/dev/null; \
                 while kill -0 \"$1\" 2>/dev/null; do sleep 0.1; done; rm -rf \"$2\"",
                "watchdog",
            ])
            .arg(chromium.id().to_string())
            .arg(&dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot run `sh` (the watchdog): {e}"))?;
        let pipe = watchdog.stdin.take().ok_or("no pipe to the watchdog")?;

        let deadline = Instant::now() + TIMEOUT;
        let active = profile.join("DevToolsActivePort");
        let (port, path) = loop {
            if let Ok(text) = fs::read_to_string(&active)
                && let Some((port, path)) = text.split_once('\n')
                && let Ok(port) = port.trim().parse::<u16>()
                && path.starts_with("/devtools/browser/")
            {
                break (port, path.trim().to_owned());
            }
            let log = || fs::read_to_string(&log).unwrap_or_default();
            if let Ok(Some(status)) = chromium.try_wait() {
                return Err(format!("`{}` exited ({status}):\n{}", program.display(), log()));
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "no {} after {TIMEOUT:?}; Chromium said:\n{}",
                    active.display(),
                    log()
                ));
            }
            thread::sleep(Duration::from_millis(20));
        };
        let socket = Cdp::connect(port, &path, "the browser")?;
        Ok(Self { port, socket: Mutex::new(socket), _process: Mutex::new((chromium, pipe)) })
    }

    /// A command to the browser itself.
    fn call(&self, method: &str, params: &Value, what: &str) -> Value {
        let mut socket = self.socket.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        socket.call(method, params, Instant::now() + TIMEOUT, what)
    }

    /// Writes `html` to a file and opens it: see [`Browser::open_file`].
    /// `name` names the page in failure messages.
    pub(crate) fn open(&self, name: &str, html: &str, viewport: Viewport) -> Page {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let file = dir.path().join("page.html");
        fs::write(&file, html).expect("write the page");
        self.open_file(name, &file, viewport)
    }

    /// Opens `file` in a new tab of `viewport`'s size, waits for its load
    /// event, and returns what it showed and did; the tab is then closed.
    pub(crate) fn open_file(&self, name: &str, file: &Path, viewport: Viewport) -> Page {
        let what = format!("page `{name}` at {}x{}", viewport.width, viewport.height);
        let deadline = Instant::now() + TIMEOUT;
        let url = format!("file://{}", file.canonicalize().expect("the page's path").display());
        let target = self.call("Target.createTarget", &json!({"url": "about:blank"}), &what);
        let target = target["targetId"].as_str().expect("a target id").to_owned();
        let mut tab = Cdp::connect(self.port, &format!("/devtools/page/{target}"), &what)
            .unwrap_or_else(|e| panic!("{e}"));
        for domain in ["Network", "Page", "Log", "Runtime"] {
            tab.call(&format!("{domain}.enable"), &json!({}), deadline, &what);
        }
        tab.call(
            "Emulation.setDeviceMetricsOverride",
            &json!({
                "width": viewport.width,
                "height": viewport.height,
                "deviceScaleFactor": 1,
                "mobile": viewport.width < 600,
            }),
            deadline,
            &what,
        );
        let navigated = tab.call("Page.navigate", &json!({"url": url}), deadline, &what);
        assert!(navigated.get("errorText").is_none(), "{what}: {navigated}");
        tab.wait_event("Page.loadEventFired", deadline, &what);
        let state = tab.call(
            "Runtime.evaluate",
            &json!({
                "expression": "({
                    dom: document.documentElement.outerHTML,
                    text: document.body.innerText,
                    scrollWidth: document.documentElement.scrollWidth,
                    innerWidth: window.innerWidth,
                    scrolling: [...document.querySelectorAll('body *')]
                        .filter(e => e.scrollWidth > e.clientWidth + 1
                            && ['auto', 'scroll'].includes(getComputedStyle(e).overflowX))
                        .map(e => e.tagName.toLowerCase()
                            + (e.className ? '.' + e.className.split(' ').join('.') : '')
                            + ' ' + e.scrollWidth + '>' + e.clientWidth),
                })",
                "returnByValue": true,
            }),
            deadline,
            &what,
        );
        let state = &state["result"]["value"];
        // The load event does not mean the page has been painted: on a
        // busy machine a screenshot taken then was once blank (CI, issue
        // 17). Two animation frames later, one paint at least is done.
        tab.call(
            "Runtime.evaluate",
            &json!({
                "expression": "new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(true))))",
                "awaitPromise": true,
                "returnByValue": true,
            }),
            deadline,
            &what,
        );
        let screenshot =
            tab.call("Page.captureScreenshot", &json!({"format": "png"}), deadline, &what);
        let screenshot = data_encoding::BASE64
            .decode(screenshot["data"].as_str().expect("screenshot data").as_bytes())
            .expect("base64 screenshot");
        self.call("Target.closeTarget", &json!({"targetId": target}), &what);

        let mut requests = Vec::new();
        let mut console = Vec::new();
        for event in &tab.events {
            let params = &event["params"];
            match event["method"].as_str().unwrap_or_default() {
                "Network.requestWillBeSent" => {
                    let request = params["request"]["url"].as_str().unwrap_or_default();
                    if request != url {
                        requests.push(request.to_owned());
                    }
                }
                "Log.entryAdded" => {
                    let entry = |key: &str| params["entry"][key].as_str().unwrap_or_default();
                    console.push(format!(
                        "{} {}: {}",
                        entry("level"),
                        entry("source"),
                        entry("text")
                    ));
                }
                "Runtime.consoleAPICalled" => {
                    console.push(format!("console.{}: {}", params["type"], params["args"]));
                }
                "Runtime.exceptionThrown" => {
                    console.push(format!("exception: {}", params["exceptionDetails"]));
                }
                _ => {}
            }
        }
        let number = |key: &str| state[key].as_u64().unwrap_or_else(|| panic!("{what}: {key}"));
        let string = |key: &str| state[key].as_str().unwrap_or_else(|| panic!("{what}: {key}"));
        Page {
            name: name.to_owned(),
            viewport,
            dom: string("dom").to_owned(),
            text: string("text").to_owned(),
            scroll_width: number("scrollWidth"),
            inner_width: number("innerWidth"),
            scrolling: state["scrolling"]
                .as_array()
                .unwrap_or_else(|| panic!("{what}: scrolling"))
                .iter()
                .map(|e| e.as_str().unwrap_or_default().to_owned())
                .collect(),
            screenshot,
            requests,
            console,
        }
    }
}

/// What a page showed and did, in one viewport.
pub(crate) struct Page {
    pub(crate) name: String,
    pub(crate) viewport: Viewport,
    /// The rendered DOM (as `--dump-dom` prints it):
    /// `document.documentElement.outerHTML` after the load event.
    pub(crate) dom: String,
    /// What a reader sees: `document.body.innerText` (without the
    /// contents of folded `<details>`).
    pub(crate) text: String,
    /// `document.documentElement.scrollWidth`: the width of the content.
    pub(crate) scroll_width: u64,
    /// `window.innerWidth`: the width of the layout viewport.
    pub(crate) inner_width: u64,
    /// The boxes that scroll sideways inside the page (`overflow-x: auto`
    /// or `scroll` and wider content), as `tag.class scrollWidth>clientWidth`:
    /// the page fits, but a reader of that box scrolls.
    pub(crate) scrolling: Vec<String>,
    /// A PNG of the viewport.
    pub(crate) screenshot: Vec<u8>,
    /// Every URL the page asked for, its own `file://` URL aside
    /// (`Network.requestWillBeSent`, also for loads a policy then blocked).
    pub(crate) requests: Vec<String>,
    /// Console messages, log entries (such as a Content-Security-Policy
    /// violation) and uncaught exceptions.
    pub(crate) console: Vec<String>,
}

impl Page {
    /// `page `NAME` at WxH`, for failure messages.
    pub(crate) fn what(&self) -> String {
        format!("page `{}` at {}x{}", self.name, self.viewport.width, self.viewport.height)
    }

    /// The screenshot has the viewport's size and is not blank: some
    /// colours (text is antialiased) and some share of the pixels unlike
    /// the background (the commonest colour).
    pub(crate) fn assert_not_blank(&self) {
        let what = self.what();
        let decoder = png::Decoder::new(std::io::Cursor::new(&self.screenshot));
        let mut reader = decoder.read_info().unwrap_or_else(|e| panic!("{what}: PNG: {e}"));
        let mut pixels = vec![0; reader.output_buffer_size().expect("a PNG size")];
        let info = reader.next_frame(&mut pixels).unwrap_or_else(|e| panic!("{what}: PNG: {e}"));
        assert_eq!(
            (info.width, info.height),
            (self.viewport.width, self.viewport.height),
            "{what}: the screenshot's size"
        );
        let step = info.color_type.samples();
        let mut counts = std::collections::HashMap::new();
        for pixel in pixels[..info.buffer_size()].chunks_exact(step) {
            *counts.entry(&pixel[..step.min(3)]).or_insert(0_u64) += 1;
        }
        let total = u64::from(info.width) * u64::from(info.height);
        let background = counts.values().max().copied().unwrap_or(0);
        assert!(counts.len() >= 16, "{what}: a blank screenshot, {} colours", counts.len());
        assert!(
            (total - background) * 100 >= total,
            "{what}: a blank screenshot, {} of {total} pixels unlike the background",
            total - background
        );
    }

    /// Nothing is wider than the viewport: no sideways scrolling.
    pub(crate) fn assert_fits(&self) {
        let what = self.what();
        assert_eq!(self.inner_width, u64::from(self.viewport.width), "{what}: window.innerWidth");
        assert!(
            self.scroll_width <= self.inner_width,
            "{what}: content {} px wide in a {} px viewport",
            self.scroll_width,
            self.inner_width
        );
    }

    /// The page asked for nothing but itself.
    pub(crate) fn assert_no_requests(&self) {
        assert_eq!(self.requests, Vec::<String>::new(), "{}: network requests", self.what());
    }

    /// Nothing was said on the console: no script, no blocked load.
    pub(crate) fn assert_quiet(&self) {
        assert_eq!(self.console, Vec::<String>::new(), "{}: console", self.what());
    }

    /// The visible text holds each of `texts`, whitespace runs counting as
    /// one space.
    pub(crate) fn assert_shows<S: AsRef<str>>(&self, texts: &[S]) {
        let shown = squeeze(&self.text);
        for text in texts {
            let text = squeeze(text.as_ref());
            assert!(shown.contains(&text), "{}: `{text}` not shown in\n{}", self.what(), self.text);
        }
    }

    /// How many times the visible text holds `text` (whitespace squeezed).
    pub(crate) fn count_shown(&self, text: &str) -> usize {
        squeeze(&self.text).matches(&squeeze(text)).count()
    }
}

/// `text` with each run of whitespace one space, trimmed.
pub(crate) fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One websocket of the protocol: a tab's, or the browser's.
struct Cdp {
    socket: WebSocket<TcpStream>,
    next_id: u64,
    /// Every event received so far, in order.
    events: Vec<Value>,
    /// How many of `events` [`Cdp::wait_event`] has looked at.
    seen: usize,
}

impl Cdp {
    fn connect(port: u16, path: &str, what: &str) -> Result<Self, String> {
        let stream = TcpStream::connect(("127.0.0.1", port))
            .map_err(|e| format!("{what}: connect to port {port}: {e}"))?;
        let (socket, _) = tungstenite::client(format!("ws://127.0.0.1:{port}{path}"), stream)
            .map_err(|e| format!("{what}: websocket {path}: {e}"))?;
        Ok(Self { socket, next_id: 0, events: Vec::new(), seen: 0 })
    }

    /// Sends a command and waits for its result; events that come first
    /// are kept.
    fn call(&mut self, method: &str, params: &Value, deadline: Instant, what: &str) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let message = json!({"id": id, "method": method, "params": params}).to_string();
        self.socket
            .send(Message::text(message))
            .unwrap_or_else(|e| panic!("{what}: sending {method}: {e}"));
        loop {
            let mut message = self.read(deadline, what, method);
            if message["id"] == id {
                assert!(message.get("error").is_none(), "{what}: {method}: {}", message["error"]);
                return message["result"].take();
            }
        }
    }

    /// Waits for an event `method` not waited for before.
    fn wait_event(&mut self, method: &str, deadline: Instant, what: &str) -> Value {
        loop {
            if let Some(found) = self.events[self.seen..].iter().position(|e| e["method"] == method)
            {
                self.seen += found + 1;
                return self.events[self.seen - 1].clone();
            }
            self.read(deadline, what, method);
        }
    }

    /// The next message; an event is also kept in `events`.
    fn read(&mut self, deadline: Instant, what: &str, waiting_for: &str) -> Value {
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let timeout = || -> ! { panic!("{what}: no {waiting_for} after {TIMEOUT:?}") };
            if left.is_zero() {
                timeout();
            }
            self.socket.get_ref().set_read_timeout(Some(left)).expect("a read timeout");
            match self.socket.read() {
                Ok(Message::Text(text)) => {
                    let message: Value = serde_json::from_str(&text).expect("JSON from Chromium");
                    if message.get("id").is_none() {
                        self.events.push(message.clone());
                    }
                    return message;
                }
                Ok(_) => {}
                Err(tungstenite::Error::Io(e))
                    if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) =>
                {
                    timeout();
                }
                Err(e) => {
                    panic!("{what}: reading from Chromium while waiting for {waiting_for}: {e}")
                }
            }
        }
    }
}
