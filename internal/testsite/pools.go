package testsite

// The pools below are the raw material of every generated page. They are
// plain tables (never modified), so the output depends only on the options.

// sentences is the prose pool: French sentences about territorial
// engineering, alliances, foundations and the ODD 17, with accents,
// apostrophes (straight and curly), double quotes, colons and questions.
var sentences = []string{
	"L'actualité souligne jour après jour l'urgence d'investir dans l'ingénierie territoriale.",
	"Le réseau des 350 \"catalyseurs territoriaux\" organise chaque trimestre un webinaire ouvert à tous.",
	"Comment faire alliance au plus près des besoins et des réalités de terrain ?",
	"Après les principes et les actions collectives, c'est la diversité des moyens qui fait l'objet de ce troisième temps de partage.",
	"Les fondations territoriales sont à l'honneur ce mois-ci dans les \"Jeudis de l'ODD 17\".",
	"La Fondation de Lille, première fondation territoriale en France, présente son bilan annuel.",
	"Le programme \"Fondations & Territoires\" rappelle l'enjeu de se mobiliser collectivement au plus près des initiatives locales.",
	"Douze territoires pilotes expérimentent le métier de chef de projets innovation territoriale.",
	"Le jouer collectif commence par soi-même : chacun doit accepter de dépasser ses frontières.",
	"Les ingénieries nationales et territoriales ont su co-construire entre profils d'acteurs et échelons territoriaux.",
	"Trois natures d'ingénierie coexistent : publique, management de projets transverses et \"catalyse entre mondes\".",
	"Ces hybridations restent encore trop souvent peu conscientisées par les acteurs eux-mêmes.",
	"Gageons que les prochains mois permettront de mieux les valoriser !",
	"Quels moyens mobiliser pour qu'une alliance locale dure au-delà de son premier financement ?",
	"L’espace inter-ingénieries vient d’annoncer ses nouveaux objectifs, après deux ans de cheminement collectif.",
	"La Rencontre des pionniers des alliances en territoire réunit chaque été élus, associations et entreprises.",
	"L'objectif de développement durable n° 17 invite à renforcer les partenariats pour atteindre tous les autres.",
	"Une collectivité ne peut plus porter seule la transition : elle a besoin de partenaires engagés.",
	"Les entreprises du territoire découvrent qu'elles ont, elles aussi, un rôle d'ingénierie à jouer.",
	"Le mécénat de compétences permet de mettre à disposition des expertises rares pour les petites communes.",
	"Faut-il une gouvernance partagée dès le premier jour, ou la construire chemin faisant ?",
	"La charte du faire alliance propose un vocabulaire commun à des mondes qui se parlent peu.",
	"Dans les zones rurales, l'ingénierie de proximité fait souvent la différence entre un projet rêvé et un projet réalisé.",
	"Le fonds ODD 17 finance la coordination, ce temps invisible que personne ne veut payer.",
	"Un catalyseur territorial n'est ni un chef de projet ni un consultant : il relie, il traduit, il facilite.",
	"Les associations apportent leur connaissance fine des habitants et de leurs besoins.",
	"Un diagnostic partagé vaut mieux que trois études menées chacune dans son coin.",
	"Les élus témoignent : \"sans alliance, nous n'aurions jamais pu ouvrir ce tiers-lieu\".",
	"Qui finance l'ingénierie quand les appels à projets ne couvrent que l'investissement ?",
	"La mesure d'impact ne doit pas devenir une fin en soi, mais un outil d'apprentissage collectif.",
	"Les premiers résultats montrent une hausse nette des projets co-portés entre public et privé.",
	"À Saint-Étienne comme à Brest, des collectifs inventent de nouvelles manières de coopérer.",
	"Le webinaire du jeudi 2 juin à 13 heures a rassemblé plus de deux cents participants.",
	"L'inscription est gratuite mais obligatoire, et le replay sera disponible sur le site du réseau.",
	"Une alliance réussie repose sur la confiance, le temps long et une vision partagée.",
	"Les fondations abritées permettent à des donateurs locaux de soutenir des causes de leur territoire.",
	"L'État, les régions et les départements cherchent à mieux coordonner leurs offres d'ingénierie.",
	"Pourquoi tant de projets s'essoufflent-ils après deux ou trois ans ?",
	"La réponse tient souvent en un mot : l'animation, c'est-à-dire la capacité à faire vivre le collectif.",
	"Le programme sera lancé le 5 juillet prochain, à l'occasion de la huitième rencontre nationale.",
	"Les retours d'expérience des territoires pilotes alimenteront un guide pratique publié l'an prochain.",
	"Il s'agit de passer d'une logique de guichet à une logique de coopération.",
	"Affaire à suivre : les prochaines étapes seront présentées lors de l'assemblée générale.",
	"Les catalyseurs se forment entre pairs, au fil d'ateliers et de visites apprenantes.",
	"Le modèle socio-économique de l'ingénierie évolue grâce à des financements hybrides.",
	"Une petite commune de 800 habitants a ainsi pu mobiliser trois fondations et une banque coopérative.",
	"L’ODD 17 n’est pas un objectif parmi d’autres : c’est la condition de réussite des seize premiers.",
	"La coopération entre grandes écoles et territoires ouvre de nouvelles pistes pour l'ingénierie de demain.",
	"Chacun repart avec des contacts, des outils et l'envie d'essayer autre chose.",
	"Les données ouvertes facilitent le diagnostic mais ne remplacent pas la rencontre.",
	"Comment reconnaître la valeur du travail de lien, si difficile à mesurer ?",
	"Un comité local réunit désormais chaque mois une quinzaine d'acteurs de tous horizons.",
	"Le \"faire alliance\" n'est pas un supplément d'âme : c'est une méthode exigeante.",
	"Les jeunes en service civique apportent un regard neuf sur les projets de territoire.",
	"Les tiers-lieux deviennent des points d'appui pour l'ingénierie de proximité.",
	"La transition écologique impose de travailler à l'échelle des bassins de vie plutôt que des frontières administratives.",
	"Ce numéro revient sur trois bonnes nouvelles pour toutes les ingénieries.",
	"Les partenaires se sont engagés sur trois ans, avec une clause de revoyure à mi-parcours.",
	"Une plateforme commune recense désormais les offres d'ingénierie disponibles par département.",
	"Que retenir de cette année riche en rencontres et en expérimentations ?",
	"La prochaine lettre reviendra en détail sur les enseignements du programme.",
	"Merci à toutes celles et ceux qui ont contribué à ce numéro !",
}

// headings are used for `##` and `###` titles in page bodies.
var headings = []string{
	"Le contexte", "Ce qu'il faut retenir", "Les chiffres clés", "Témoignages",
	"Pour aller plus loin", "Les prochaines étapes", "Côté compétences",
	"Côté financement", "Côté nouvelles alliances", "Retour d'expérience",
	"Qui fait quoi ?", "La méthode", "Les partenaires", "En pratique",
	"Le point de vue des élus", "Ressources", "À noter dans vos agendas",
	"Questions fréquentes", "Le regard des fondations", "Et maintenant ?",
}

// bullets are short list items.
var bullets = []string{
	"un diagnostic partagé du territoire",
	"une gouvernance ouverte aux associations",
	"des financements pluriannuels",
	"un temps d'animation reconnu et rémunéré",
	"la mise en réseau des catalyseurs",
	"des visites apprenantes entre pairs",
	"un guide pratique de la coopération",
	"l'appui des fondations territoriales",
	"le mécénat de compétences des entreprises",
	"une évaluation utile, pas seulement comptable",
	"la participation des habitants dès le départ",
	"des outils numériques simples et partagés",
	"un comité de pilotage resserré",
	"la reconnaissance du \"travail de lien\"",
	"l'articulation avec les politiques régionales",
	"un calendrier réaliste",
	"des indicateurs co-construits",
	"la formation continue des élus",
	"l'ouverture aux jeunes en service civique",
	"la capitalisation des retours d'expérience",
}

// steps are numbered list items.
var steps = []string{
	"Identifier les acteurs déjà engagés sur le territoire.",
	"Partager un diagnostic et des constats communs.",
	"Choisir ensemble une première action visible.",
	"Réunir les financements, publics et privés.",
	"Désigner un catalyseur chargé de l'animation.",
	"Évaluer chemin faisant et ajuster la feuille de route.",
	"Raconter le projet pour donner envie à d'autres.",
	"Passer le relais et préparer la suite.",
}

// authors are the names used in `authors`.
var authors = []string{
	"Claire Dubois", "Mathieu Lefèvre", "Sophie Martin", "Julien Moreau",
	"Camille Laurent", "Nicolas Girard", "Élodie Fournier", "Thomas Bonnet",
	"Aurélie Mercier", "Antoine Rousseau", "Léa Fontaine", "Hugo Chevalier",
	"Inès Lambert", "Maxime Garnier", "Chloé Faure", "Baptiste Roux",
	"Manon Blanc", "François Guérin", "Zoé Perrin", "Étienne Morel",
}

// tags are the taxonomy terms.
var tags = []string{
	"ingénierie territoriale", "ODD 17", "fondations", "alliances", "catalyseurs",
	"charte", "webinaire", "financement", "mécénat", "coopération",
	"gouvernance", "collectivités", "associations", "entreprises", "ruralité",
	"quartiers", "transition écologique", "tiers-lieux", "évaluation", "impact",
	"innovation sociale", "économie sociale et solidaire", "jeunesse", "formation", "numérique",
	"données ouvertes", "mobilité", "santé", "culture", "alimentation",
	"habitat", "emploi", "éducation", "solidarités", "démocratie locale",
	"participation", "élus", "État", "régions", "départements",
	"intercommunalités", "communes", "Europe", "philanthropie", "fondation territoriale",
	"programme pilote", "retour d'expérience", "rencontre nationale", "bilan", "appel à projets",
	"ingénierie de proximité", "chef de projets", "inter-ingénieries", "hybridation", "modèle socio-économique",
	"pair-à-pair", "visites apprenantes", "guide pratique", "Fonds ODD 17", "Fondation des Territoires",
}

// Title material for news, events and charter chapters.
var (
	// titleSubjects are title subjects; plural ones take the predicate's
	// plural form.
	titleSubjects = []struct {
		text   string
		plural bool
	}{
		{"Les fondations territoriales", true}, {"Le Fonds ODD 17", false},
		{"Les catalyseurs territoriaux", true}, {"L'espace inter-ingénieries", false},
		{"La Fondation des Territoires", false}, {"Les élus locaux", true},
		{"Les associations", true}, {"Le réseau", false},
		{"Les entreprises engagées", true}, {"Les territoires pilotes", true},
		{"Le \"faire alliance\"", false}, {"L’ingénierie de proximité", false},
	}
	// titlePredicates are {singular, plural} predicates.
	titlePredicates = [][2]string{
		{"s'engage", "s'engagent"}, {"se mobilise", "se mobilisent"},
		{"fait alliance", "font alliance"}, {"lance un appel à projets", "lancent un appel à projets"},
		{"présente son bilan", "présentent leur bilan"}, {"change d'échelle", "changent d'échelle"},
		{"se forme entre pairs", "se forment entre pairs"}, {"ouvre un nouveau chapitre", "ouvrent un nouveau chapitre"},
		{"invente de nouveaux outils", "inventent de nouveaux outils"}, {": trois bonnes nouvelles", ": trois bonnes nouvelles"},
		{": où en est-on ?", ": où en est-on ?"}, {"mise sur la coopération", "misent sur la coopération"},
	}
	titlePlaces = []string{
		"à Lille", "en Bretagne", "à Saint-Étienne", "dans la Drôme", "en Occitanie",
		"à Marseille", "dans le Grand Est", "en Normandie", "à Lyon", "en Nouvelle-Aquitaine",
		"dans les Hauts-de-France", "en Corse", "à Besançon", "dans le Jura", "en Guyane",
	}
	eventKinds = []string{
		"Webinaire", "Jeudi de l'ODD 17", "Rencontre des pionniers", "Atelier",
		"Visite apprenante", "Lancement", "Assemblée générale", "Matinale",
	}
	eventTopics = []string{
		"la charte du faire alliance", "les moyens de la coopération", "financer l'ingénierie",
		"les fondations territoriales", "le métier de catalyseur", "mesurer l'impact",
		"les tiers-lieux", "la gouvernance partagée", "les alliances rurales", "le mécénat de compétences",
	}
	organizers = []string{
		"Réseau des catalyseurs territoriaux", "Fondation des Territoires", "Fondation de Lille",
		"Fonds ODD 17", "Espace inter-ingénieries", "Comité 21",
	}
	cities = []string{
		"Lille", "Paris", "Lyon", "Marseille", "Rennes", "Nantes", "Bordeaux", "Toulouse",
		"Strasbourg", "Besançon", "Saint-Étienne", "Clermont-Ferrand", "Montpellier", "Dijon",
	}
	venues = []string{
		"Maison des associations", "Hôtel de région", "Tiers-lieu La Fabrique", "Halle Saint-Roch",
		"Salle des fêtes", "Campus des transitions", "Médiathèque centrale",
	}
	charterTopics = []string{
		"La confiance comme point de départ", "Se connaître avant d'agir", "Partager un diagnostic",
		"Reconnaître le travail de lien", "Décider ensemble", "Le temps long",
		"Les actions collectives", "Animer le collectif", "Ouvrir aux habitants",
		"Financer l'ingénierie", "Hybrider les ressources", "Mesurer ce qui compte",
		"Former les catalyseurs", "Essaimer", "Le rôle des fondations", "Le rôle des élus",
	}
	parts = []string{"Principes", "Actions collectives", "Moyens"}
)

// externalLinks are targets for the one external link of each page.
var externalLinks = []struct{ text, url string }{
	{"l'Agenda 2030 en France", "https://www.agenda-2030.fr/odd/odd17-partenariats-pour-la-realisation-des-objectifs-mondiaux"},
	{"les objectifs de développement durable", "https://www.un.org/sustainabledevelopment/fr/"},
	{"l'Agence nationale de la cohésion des territoires", "https://agence-cohesion-territoires.gouv.fr/"},
	{"le Centre français des fonds et fondations", "https://www.centre-francais-fondations.org/"},
	{"le site du réseau", "https://www.example.org/reseau/"},
	{"le replay du webinaire", "https://video.example.org/replay/faire-alliance"},
}

// codeBlocks are fenced code blocks (language, body).
var codeBlocks = []struct{ lang, body string }{
	{"yaml", "title: \"Rencontre des pionniers\"\nstart: 2022-07-05T09:30:00+02:00\nlocation: \"Lille\"\nregistrationRequired: true\n"},
	{"sh", "alliance new event \"Webinaire : la charte\"\nalliance build -s site -d public\n"},
	{"csv", "territoire;partenaires;budget\nDrôme;12;45000\nJura;7;28000\n"},
	{"", "Réseau des catalyseurs territoriaux\n  -> Fondation des Territoires\n  -> Fonds ODD 17\n"},
}
