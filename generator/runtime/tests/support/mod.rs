//! A hand-rolled HTTP/1.1 loopback server for the runtime's integration tests: it records every request and
//! answers each one as a script says (respond, reset the connection, truncate the body, stall).

#![allow(dead_code)]

use aws_lite_runtime::runtime::client::{AuthMode, OperationMeta, RetryableError, ServiceMeta};
use aws_lite_runtime::runtime::config::{Config, ConfigBuilder, TimeoutConfig};
use aws_lite_runtime::runtime::credentials::Credentials;
use aws_lite_runtime::runtime::endpoint::{BuiltIns, Endpoint, ResolveError};
use aws_lite_runtime::runtime::retry::RetryConfig;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// What the server does with a request.
#[derive(Debug, Clone)]
pub enum Action {
    Respond {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// Close the connection without answering.
    Reset,
    /// Declare `declared` body bytes, send `body`, then close.
    Truncate { declared: usize, body: Vec<u8> },
    /// Never answer (keeps the connection open for `for_how_long`).
    Stall(Duration),
}

pub fn respond(status: u16, body: &str) -> Action {
    Action::Respond {
        status,
        headers: vec![("Content-Type".into(), "application/json".into())],
        body: body.as_bytes().to_vec(),
    }
}

pub fn respond_with_headers(status: u16, headers: &[(&str, &str)], body: &str) -> Action {
    Action::Respond {
        status,
        headers: headers
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect(),
        body: body.as_bytes().to_vec(),
    }
}

type Script = dyn Fn(usize, &Recorded) -> Action + Send + Sync;

pub struct StubServer {
    pub addr: SocketAddr,
    requests: Arc<Mutex<Vec<Recorded>>>,
    connections: Arc<AtomicUsize>,
}

impl StubServer {
    /// Starts serving; `script(n, request)` decides the answer to the n-th request (0-based, across connections).
    pub async fn start(
        script: impl Fn(usize, &Recorded) -> Action + Send + Sync + 'static,
    ) -> StubServer {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let addr = listener.local_addr().expect("local addr");
        let requests = Arc::new(Mutex::new(Vec::new()));
        let script: Arc<Script> = Arc::new(script);
        let recorded = requests.clone();
        let connections = Arc::new(AtomicUsize::new(0));
        let accepted = connections.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                accepted.fetch_add(1, Ordering::SeqCst);
                tokio::spawn(serve_connection(stream, script.clone(), recorded.clone()));
            }
        });
        StubServer {
            addr,
            requests,
            connections,
        }
    }

    /// Answers every request with the same action.
    pub async fn always(action: Action) -> StubServer {
        Self::start(move |_, _| action.clone()).await
    }

    /// Answers requests with `actions` in order, repeating the last one.
    pub async fn sequence(actions: Vec<Action>) -> StubServer {
        Self::start(move |n, _| actions[n.min(actions.len() - 1)].clone()).await
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// How many TCP connections were accepted.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().expect("requests lock").clone()
    }
}

async fn serve_connection(
    mut stream: TcpStream,
    script: Arc<Script>,
    recorded: Arc<Mutex<Vec<Recorded>>>,
) {
    let _ = stream.set_nodelay(true);
    let mut buffer = Vec::new();
    loop {
        let Some(request) = read_request(&mut stream, &mut buffer).await else {
            return;
        };
        let index = {
            let mut all = recorded.lock().expect("requests lock");
            all.push(request.clone());
            all.len() - 1
        };
        match script(index, &request) {
            Action::Respond {
                status,
                headers,
                body,
            } => {
                let mut head = format!(
                    "HTTP/1.1 {status} Stub\r\ncontent-length: {}\r\n",
                    body.len()
                );
                for (name, value) in headers {
                    head.push_str(&format!("{name}: {value}\r\n"));
                }
                head.push_str("\r\n");
                let mut bytes = head.into_bytes();
                bytes.extend_from_slice(&body);
                if stream.write_all(&bytes).await.is_err() {
                    return;
                }
            }
            Action::Reset => return,
            Action::Truncate { declared, body } => {
                let head = format!("HTTP/1.1 200 OK\r\ncontent-length: {declared}\r\n\r\n");
                let _ = stream.write_all(head.as_bytes()).await;
                let _ = stream.write_all(&body).await;
                return;
            }
            Action::Stall(for_how_long) => {
                tokio::time::sleep(for_how_long).await;
                return;
            }
        }
    }
}

/// Reads one request (head + content-length body); `None` at EOF or on garbage.
async fn read_request(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> Option<Recorded> {
    let head_end = loop {
        if let Some(pos) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break pos;
        }
        let mut chunk = [0u8; 4096];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8(buffer[..head_end].to_vec()).ok()?;
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next()?.split(' ');
    let method = request_line.next()?.to_owned();
    let target = request_line.next()?.to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    buffer.drain(..head_end + 4);
    while buffer.len() < length {
        let mut chunk = [0u8; 4096];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buffer.extend_from_slice(&chunk[..n]);
    }
    let body: Vec<u8> = buffer.drain(..length).collect();
    Some(Recorded {
        method,
        target,
        headers,
        body,
    })
}

/// A test service whose endpoint is whatever the configuration overrides it to.
pub static SERVICE: ServiceMeta = ServiceMeta {
    shape_name: "TestService",
    sdk_id: "Test Service",
    signing_name: "testsvc",
    env_var_suffix: "TEST_SERVICE",
    api_version: "2024-01-01",
    resolve_endpoint: resolve_from_override,
};

fn resolve_from_override(built_ins: &BuiltIns) -> Result<Endpoint, ResolveError> {
    match &built_ins.endpoint {
        Some(url) => Ok(Endpoint {
            url: url.clone(),
            headers: vec![],
            properties: Default::default(),
        }),
        None => Err(ResolveError::new("no endpoint override")),
    }
}

pub static OPERATION: OperationMeta = OperationMeta {
    name: "DoThing",
    retryable_errors: &[],
    auth: AuthMode::SigV4,
    sensitive_headers: &[],
};

pub static RETRYABLE_OPERATION: OperationMeta = OperationMeta {
    name: "DoRetryableThing",
    retryable_errors: &[RetryableError {
        code: "ConflictException",
        throttling: false,
    }],
    auth: AuthMode::SigV4,
    sensitive_headers: &[],
};

pub static UNSIGNED_OPERATION: OperationMeta = OperationMeta {
    name: "Anonymous",
    retryable_errors: &[],
    auth: AuthMode::None,
    sensitive_headers: &[],
};

pub const ACCESS_KEY: &str = "AKIDEXAMPLE";
pub const SECRET_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
pub const SESSION_TOKEN: &str = "session-token-value";

/// Config pointing at the server: fast backoff, generous attempt timeout, fixed credentials.
pub fn config_for(server: &StubServer) -> ConfigBuilder {
    Config::builder()
        .region("us-west-2")
        .credentials(Credentials::new(
            ACCESS_KEY,
            SECRET_KEY,
            Some(SESSION_TOKEN.to_owned()),
            None,
        ))
        .endpoint_url(server.url())
        .retry_config(
            RetryConfig::standard()
                .with_initial_backoff(Duration::from_millis(1))
                .with_max_backoff(Duration::from_millis(5)),
        )
        .timeout_config(TimeoutConfig::default().with_attempt_timeout(Duration::from_secs(5)))
}
