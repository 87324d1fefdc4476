import base64, json, uuid
from tests.factories import signup, create_workspace

def cur(obj):
    return base64.urlsafe_b64encode(json.dumps(obj).encode()).decode().rstrip("=")

async def test_cursor(client):
    o = await signup(client)
    h, org = o["headers"], o["org_id"]
    u = str(uuid.uuid4())
    for c in [cur(["2020-01-01T00:00:00", u]), cur(["2020-01-01T00:00:00+00:00", u]), cur(["0001-01-01T00:00:00+14:00", u]),
              cur(["9999-12-31T23:59:59-12:00", u]), cur([1, u]), cur({"a": 1}), cur(["2020-01-01", "nope"]), cur(["2020", u, 3]), "!!!!", cur("x"), cur([None, None])]:
        for path in ["members", "workspaces", "invitations", "api-keys"]:
            try:
                r = await client.get(f"/api/v1/organizations/{org}/{path}", params={"cursor": c}, headers=h)
                print("PROBE", r.status_code, path, base64.urlsafe_b64decode(c + "=" * (-len(c) % 4)) if c != "!!!!" else c, r.text[:100] if r.status_code != 200 else "")
            except Exception as e:
                print("PROBE 500-EXC", path, c, type(e).__name__, str(e).splitlines()[0][:150])
