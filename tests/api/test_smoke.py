from tests.api.conftest import assert_error


def test_create_and_read(api, world):
    response = api.create()
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["access_token"] and data["status"] == "submitted"
    detail = api.get(f"/api/v1/reports/{data['code']}", access=data["access_token"]).json()
    assert detail["view"] == "reporter"
    assert_error(api.get(f"/api/v1/reports/{data['code']}"), 404, "not_found")
