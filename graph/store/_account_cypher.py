"""The Cypher of accounts: people, groups, API tokens, sessions, sign-in links and failed sign-ins.

Every statement is parameterized. Records refer to each other by id properties (a user's ``group``, a token's
``user``), not relationships: each is read or written alone, and none is ever traversed from a map.
Times are ISO 8601 strings in UTC of one width, so comparing them as strings compares the times.
"""

from __future__ import annotations

# Explicit projections: a property never set (a user without a password) reads as null, not as missing.
_USER = "{.id, .name, .role, .group, .created, .password_hash, .disabled}"
_TOKEN = "{.id, .user, .name, .digest, .prefix, .created, .expires, .revoked}"  # noqa: S105 - Cypher
_SESSION = "{.digest, .user, .csrf, .created, .expires}"

# -- groups --------------------------------------------------------------------------------------------------
GROUP_EXISTS = "MATCH (g:Group {id: $id}) RETURN g.id AS id"
CREATE_GROUP = "CREATE (g:Group {id: $id, name: $name, created: $created})"
GROUPS = """
MATCH (g:Group)
CALL (g) {
  OPTIONAL MATCH (u:User {group: g.id})
  RETURN count(u) AS members
}
RETURN g {.id, .name, .created} AS group, members
ORDER BY g.id
"""

# -- users ---------------------------------------------------------------------------------------------------
USER_EXISTS = "MATCH (u:User {id: $id}) RETURN u.id AS id"
CREATE_USER = "CREATE (u:User $user)"
USER = f"MATCH (u:User {{id: $id}}) RETURN u {_USER} AS user"
USERS = f"""
MATCH (u:User) WHERE $group IS NULL OR u.group = $group
RETURN u {_USER} AS user
ORDER BY u.id
"""
USER_IDS = """
MATCH (u:User) WHERE u.id = $prefix OR u.id STARTS WITH $prefix + '-'
RETURN u.id AS id
"""
# ``SET u = $user`` replaces every property, so one set to null (a password removed) is removed.
REPLACE_USER = "MATCH (u:User {id: $id}) SET u = $user RETURN u.id AS id"

# -- API tokens ----------------------------------------------------------------------------------------------
CREATE_TOKEN = "CREATE (t:ApiToken $token)"  # noqa: S105 - Cypher, not a secret
TOKEN = f"MATCH (t:ApiToken {{id: $id}}) RETURN t {_TOKEN} AS token"
TOKENS = f"""
MATCH (t:ApiToken {{user: $user}})
RETURN t {_TOKEN} AS token
ORDER BY t.created DESC, t.id DESC
"""
TOKEN_HOLDER = f"""
MATCH (t:ApiToken {{digest: $digest}})
MATCH (u:User {{id: t.user}})
RETURN t {_TOKEN} AS token, u {_USER} AS user
"""
# A second revocation keeps the first time: when the token stopped working is what an audit wants.
REVOKE_TOKEN = f"""
MATCH (t:ApiToken {{id: $id}})
SET t.revoked = coalesce(t.revoked, $when)
RETURN t {_TOKEN} AS token
"""
# Live: neither revoked nor expired by ``$when`` (an expired token keeps the record that it expired).
REVOKE_USER_TOKENS = """
MATCH (t:ApiToken {user: $user})
WHERE t.revoked IS NULL AND (t.expires IS NULL OR t.expires > $when)
SET t.revoked = $when
RETURN count(t) AS revoked
"""
END_USER_SESSIONS = "MATCH (s:Session {user: $user}) DELETE s"

# -- sessions ------------------------------------------------------------------------------------------------
CREATE_SESSION = "CREATE (s:Session $session)"
SESSION_HOLDER = f"""
MATCH (s:Session {{digest: $digest}})
MATCH (u:User {{id: s.user}})
RETURN s {_SESSION} AS session, u {_USER} AS user
"""
END_SESSION = "MATCH (s:Session {digest: $digest}) DELETE s"

# -- sign-in links -------------------------------------------------------------------------------------------
CREATE_LINK = "CREATE (l:SignInLink $link)"
# The SET takes the link's write lock before anything is read: of two redemptions racing, the second waits
# for the first to commit and then finds the link gone (no row). Without it both read the link, the second's
# DELETE of a deleted node does nothing, and both would sign in. An expired link is deleted too: it is dead.
REDEEM_LINK = f"""
MATCH (l:SignInLink {{digest: $digest}})
SET l.redeemed = $when
WITH l, l.user AS holder, l.expires AS expires
DELETE l
WITH holder, expires WHERE expires > $when
MATCH (u:User {{id: holder}})
RETURN u {_USER} AS user
"""

# -- failed sign-ins -----------------------------------------------------------------------------------------
# Merged and written to before the times are read (``FAILURE_TIMES``, a later statement of the transaction):
# the write lock makes concurrent counts of one key queue, so none is lost.
LOCK_FAILURES = """
MERGE (f:SignInFailures {key: $key})
  ON CREATE SET f.times = []
SET f.last = $when
"""
FAILURE_TIMES = "MATCH (f:SignInFailures {key: $key}) RETURN f.times AS times"
SET_FAILURE_TIMES = "MATCH (f:SignInFailures {key: $key}) SET f.times = $times"
CLEAR_FAILURES = "MATCH (f:SignInFailures {key: $key}) DELETE f"
