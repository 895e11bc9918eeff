//! The API shape a Rust AWS user expects, through the generated client's `send()` with a capturing HTTP
//! client: aws-sdk-rust-style collection setters and the client-side validation levels.
use aws_lite::fsx::types::Tag;
use aws_lite::runtime::test_util::CaptureClient;
use serde_json::{json, Value};

fn tag(key: &str, value: &str) -> Tag {
    Tag::builder().key(key).value(value).build()
}

fn sent_json(capture: &CaptureClient) -> Value {
    let request = capture.last_request().expect("a request was sent");
    serde_json::from_slice(request.body()).expect("JSON body")
}

#[tokio::test]
async fn list_setter_appends_and_set_replaces_through_send() {
    let capture = CaptureClient::new();
    let client = aws_lite::fsx::Client::new(&capture.config("http://127.0.0.1:1"));
    client
        .copy_backup()
        .source_backup_id("backup-0123456789abcdef0")
        .tags(tag("a", "1"))
        .tags(tag("b", "2"))
        .send()
        .await
        .expect("sent");
    assert_eq!(
        sent_json(&capture)["Tags"],
        json!([{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}])
    );

    // `set_tags` replaces what was appended; a later `tags` appends to the replacement.
    let builder = client
        .copy_backup()
        .source_backup_id("backup-0123456789abcdef0")
        .tags(tag("a", "1"))
        .set_tags(Some(vec![tag("c", "3")]))
        .tags(tag("d", "4"));
    assert_eq!(builder.get_tags().as_ref().map(Vec::len), Some(2));
    builder.send().await.expect("sent");
    assert_eq!(
        sent_json(&capture)["Tags"],
        json!([{"Key": "c", "Value": "3"}, {"Key": "d", "Value": "4"}])
    );

    // `set_tags(None)` clears: the member is not sent at all.
    client
        .copy_backup()
        .source_backup_id("backup-0123456789abcdef0")
        .tags(tag("a", "1"))
        .set_tags(None)
        .send()
        .await
        .expect("sent");
    assert_eq!(sent_json(&capture).get("Tags"), None);
}

#[test]
fn input_and_type_builders_have_the_same_collection_setters() {
    use aws_lite::fsx::operation::copy_backup::CopyBackupInput;
    let input = CopyBackupInput::builder().tags(tag("a", "1")).tags(tag("b", "2")).build();
    assert_eq!(input.tags().map(|t| t.iter().map(Tag::key).collect::<Vec<_>>()), Some(vec![Some("a"), Some("b")]));
    // A list member of a nested type (FileSystem.SubnetIds) takes one element per call too.
    let fs = aws_lite::fsx::types::FileSystem::builder().subnet_ids("subnet-1").subnet_ids("subnet-2").build();
    assert_eq!(fs.subnet_ids(), Some(&["subnet-1".to_string(), "subnet-2".to_string()][..]));
}
