from client_management.duplicates.scoring import (
	SCORE_TAX_ID,
	ClientFacts,
	company_domains,
	normalize_company_name,
	score_candidates,
	similar_names,
	sorted_tokens,
)


def test_legal_suffixes_accents_and_punctuation_are_ignored():
	assert normalize_company_name("Société Générale S.A.S.") == "societe generale s a s"
	assert normalize_company_name("Acme, Ltd.") == "acme"
	assert normalize_company_name("ACME GmbH") == normalize_company_name("Acme Inc") == "acme"
	assert normalize_company_name("Ltd") == "ltd"  # a name made only of a suffix is kept


def test_similar_names_match_despite_suffix_and_typo():
	choices = {
		"CL-1": sorted_tokens(normalize_company_name("Dupont Industries SARL")),
		"CL-2": sorted_tokens(normalize_company_name("Martin Logistics")),
	}
	matches = dict(similar_names("Dupont Industires Ltd", choices))
	assert "CL-1" in matches and matches["CL-1"] >= 85
	assert "CL-2" not in matches
	assert dict(similar_names("Industries Dupont", choices))["CL-1"] == 100  # words in any order


def test_free_mail_domains_say_nothing():
	assert company_domains(["a@gmail.com", "b@dupont.fr", "c@Dupont.FR"]) == {"dupont.fr"}


def test_same_tax_id_blocks_and_ranks_first():
	new = ClientFacts(None, "Dupont", tax_ids={"FR40303265045"}, phones={"+33142685300"})
	existing = [
		ClientFacts("CL-1", "Other", phones={"+33142685300"}),
		ClientFacts("CL-2", "Dupont SA", tax_ids={"FR40303265045"}),
		ClientFacts("CL-3", "Unrelated"),
	]
	candidates = score_candidates(new, existing)
	assert [c.client for c in candidates] == ["CL-2", "CL-1"]
	assert candidates[0].blocking and candidates[0].score == SCORE_TAX_ID
	assert not candidates[1].blocking


def test_a_client_is_not_its_own_duplicate():
	me = ClientFacts("CL-1", "Dupont", tax_ids={"X123"})
	assert score_candidates(me, [ClientFacts("CL-1", "Dupont", tax_ids={"X123"})]) == []


def test_name_similarity_is_reported_with_its_score():
	new = ClientFacts(None, "Dupont")
	candidates = score_candidates(new, [ClientFacts("CL-9", "Dupont SARL")], name_scores={"CL-9": 100})
	assert candidates[0].reasons == ["similar company name (100%)"] and not candidates[0].blocking
