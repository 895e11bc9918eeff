//! Body digests some services require as headers (Glacier's `x-amz-content-sha256` and
//! `x-amz-sha256-tree-hash`): SHA-256 of the whole body, and the SHA-256 tree hash over 1 MiB chunks.

use sha2::{Digest, Sha256};

/// Size of the leaves of the tree hash.
pub const TREE_HASH_CHUNK: usize = 1024 * 1024;

/// Lower-case hex SHA-256 of `body`.
pub fn sha256_hex(body: &[u8]) -> String {
    hex(&Sha256::digest(body))
}

/// Lower-case hex SHA-256 tree hash of `body`: the SHA-256 of each 1 MiB chunk, then the SHA-256 of each
/// concatenated pair, level by level (an odd last hash moves up unchanged) until one is left. A body of at
/// most one chunk (the empty body too) hashes to its plain SHA-256.
pub fn tree_hash_hex(body: &[u8]) -> String {
    let mut level: Vec<[u8; 32]> = if body.is_empty() {
        vec![Sha256::digest(body).into()]
    } else {
        body.chunks(TREE_HASH_CHUNK)
            .map(|chunk| Sha256::digest(chunk).into())
            .collect()
    };
    while level.len() > 1 {
        let mut pairs = level.chunks_exact(2);
        let mut next: Vec<[u8; 32]> = Vec::with_capacity(level.len().div_ceil(2));
        for pair in &mut pairs {
            let mut hasher = Sha256::new();
            hasher.update(pair[0]);
            hasher.update(pair[1]);
            next.push(hasher.finalize().into());
        }
        next.extend_from_slice(pairs.remainder());
        level = next;
    }
    level.first().map(|root| hex(root)).unwrap_or_default()
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const HELLO_WORLD: &str = "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9";
    const EMPTY: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    #[test]
    fn small_bodies_hash_to_their_sha256() {
        assert_eq!(sha256_hex(b"hello world"), HELLO_WORLD);
        assert_eq!(tree_hash_hex(b"hello world"), HELLO_WORLD);
        assert_eq!(sha256_hex(b""), EMPTY);
        assert_eq!(tree_hash_hex(b""), EMPTY);
    }

    #[test]
    fn tree_hash_combines_chunk_hashes_pairwise() {
        // Three chunks: root = H(H(h0 || h1) || h2), the odd third hash moving up unchanged.
        let body: Vec<u8> = (0..TREE_HASH_CHUNK * 2 + 10)
            .map(|i| (i % 251) as u8)
            .collect();
        let leaves: Vec<[u8; 32]> = body
            .chunks(TREE_HASH_CHUNK)
            .map(|c| Sha256::digest(c).into())
            .collect();
        let mut pair = Sha256::new();
        pair.update(leaves[0]);
        pair.update(leaves[1]);
        let left: [u8; 32] = pair.finalize().into();
        let mut root = Sha256::new();
        root.update(left);
        root.update(leaves[2]);
        assert_eq!(tree_hash_hex(&body), hex(&root.finalize()));
        assert_ne!(tree_hash_hex(&body), sha256_hex(&body));
    }
}
