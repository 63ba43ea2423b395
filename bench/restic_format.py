"""Just enough of restic's repository format (restic's "Design" document) to add snapshot files to a repository:
the master key from a key file (scrypt, then AES-256-CTR with a Poly1305-AES MAC), and an encrypted file named by
the SHA-256 of its bytes. bench/run uses it to put 10,000 snapshots into a repository in seconds; every snapshot
points at the tree of a real backup, so `restic check` still passes.

Needs Debian's python3-cryptography.
"""

import base64
import glob
import hashlib
import hmac
import json
import os

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.poly1305 import Poly1305


def _aes_ctr(key, iv, data):
    c = Cipher(algorithms.AES(key), modes.CTR(iv)).encryptor()
    return c.update(data) + c.finalize()


def _mac(k, r, iv, ciphertext):
    # Poly1305-AES: the one-time key is r (clamped by Poly1305 itself) and AES_k(nonce); the nonce is the IV.
    aes = Cipher(algorithms.AES(k), modes.ECB()).encryptor()
    s = aes.update(iv) + aes.finalize()
    return Poly1305.generate_tag(r + s, ciphertext)


class MasterKey:
    def __init__(self, encrypt, mac_k, mac_r):
        self.encrypt, self.mac_k, self.mac_r = encrypt, mac_k, mac_r

    @staticmethod
    def _decrypt(encrypt, mac_k, mac_r, blob):
        iv, ciphertext, tag = blob[:16], blob[16:-16], blob[-16:]
        if not hmac.compare_digest(_mac(mac_k, mac_r, iv, ciphertext), tag):
            raise ValueError("MAC mismatch: wrong password or not a restic file")
        return _aes_ctr(encrypt, iv, ciphertext)

    @classmethod
    def from_key_file(cls, key, password):
        if key.get("kdf") != "scrypt":
            raise ValueError("unsupported kdf %r" % key.get("kdf"))
        n, r, p = key["N"], key["r"], key["p"]
        derived = hashlib.scrypt(password.encode(), salt=base64.b64decode(key["salt"]), n=n, r=r, p=p,
                                 maxmem=256 * n * r + (64 << 20), dklen=64)
        plain = cls._decrypt(derived[:32], derived[32:48], derived[48:64], base64.b64decode(key["data"]))
        master = json.loads(plain)
        return cls(base64.b64decode(master["encrypt"]), base64.b64decode(master["mac"]["k"]),
                   base64.b64decode(master["mac"]["r"]))

    @classmethod
    def from_local(cls, repository, password):
        for path in sorted(glob.glob(os.path.join(repository, "keys", "*"))):
            with open(path) as f:
                return cls.from_key_file(json.load(f), password)
        raise ValueError("no key in %s/keys" % repository)

    def encrypt_file(self, plaintext, iv):
        """(storage id, bytes) of a repository file holding `plaintext` (uncompressed JSON is valid in v1 and v2)."""
        ciphertext = _aes_ctr(self.encrypt, iv, plaintext)
        blob = iv + ciphertext + _mac(self.mac_k, self.mac_r, iv, ciphertext)
        return hashlib.sha256(blob).hexdigest(), blob

    def decrypt_file(self, blob):
        return self._decrypt(self.encrypt, self.mac_k, self.mac_r, blob)
