/**
 * Words that tell close varieties apart where character n-grams cannot: Indonesian from Malaysian
 * Malay; Croatian, Bosnian and Serbian (Latin script); Bokmål, Nynorsk and Danish; Hindi, Marathi
 * and Nepali (whose vowel signs the n-gram models do not see). Written here from the
 * varieties' standard vocabularies and spelling (Pusat Bahasa / DBP; the Croatian, Bosnian and Serbian
 * orthographies), plus the places, institutions and currencies that news in each variety names.
 *
 * Syntax: space-separated entries; `_` joins the words of a phrase; a trailing `*` matches any word
 * that starts with the entry, a leading `*` any word that ends with it; `=N` sets the weight in nats (default 2: about what a word of evidence
 * is worth against the n-gram scores, which barely separate these varieties).
 */

/** Bonus per language group. */
type MarkerTable = Record<string, string>;

const ID_MS: MarkerTable = {
  ms: `bahawa=3 kerana=3 sahaja=3 iaitu=3 baharu=3 wang=1.5 boleh=0.5 beliau=0.7 ialah=1 daripada=0.5
    mahkamah=1 polis=3 hospital=1.5 kereta=0.7 percuma=3 setiausaha=3 kakitangan=3 jabatan=1 mesyuarat=3
    cadangan=1 berkata=1 semalam=1.5 walau_bagaimanapun=3 bagaimanapun=1 berbanding=3 maklumat=3 kualiti=3
    universiti=3 teksi=3 televisyen=3 stesen=3 kempen=3 projek=3 bilion=3 peratus=3 syarikat=3 perniagaan=3
    pelaburan=3 pelabur=3 belanjawan=3 cukai=3 eksport=3 telefon=3 talian=2 laman_web=2 pelancongan=3
    pelancong=3 lapangan_terbang=3 kapal_terbang=3 keretapi=3 bandaraya=3 luar_negara=3 parlimen=3 jawatan=3
    jawatankuasa=3 bola_sepak=3 jurulatih=3 naib=3 timbalan=3 pilihan_raya=3 mengundi=3 undi=2 parti=3
    sokongan=3 menyokong=3 manakala=3 justeru=1.5 sekiranya=1.5 mengikut=2 menerusi=3 esok=2 tahun_lepas=3
    lepas=1 lebih_kurang=1.5 ramai=1 berjaya=3 kejayaan=3 cuba=3 mencuba=3 faham=3 memahami=0 fikir=3
    berfikir=3 penyelidikan=3 penyelidik=3 saintis=3 doktor=3 ubat=3 pesakit=3 jangkitan=3 wabak=3 kes=3
    kemalangan=3 mangsa=2 tentera=3 askar=3 peguam=3 rasuah=3 petrol=2 bekalan=3 pasar_raya=3 kenderaan=3
    sempadan=2 isnin=3 khamis=3 jumaat=3 ahad=2 ogos=3 julai=3 jun=1.5 disember=3 mac=1 mahu=3 tiada=2
    hendak=1.5 semasa=1.5 selepas=2 amat=1 nak=1.5 menteri_besar=3 agong=3 dato=3 datuk=1 tan_sri=3
    ringgit=3 rm=2 malaysia=2 kuala_lumpur=3 selangor=3 johor=3 sabah=2 sarawak=3 putrajaya=3 pulau_pinang=3
    kedah=3 kelantan=3 terengganu=3 pahang=3 melaka=2 negeri_sembilan=3 umno=3 barisan_nasional=3
    pakatan_harapan=3 sprm=3 pdrm=3 dewan_rakyat=3 dewan_undangan_negeri=3 kenyataan=1 berkenaan=2
    pihak_berkuasa=3 akhbar=3 pemberita=2 filem=3 muzik=3 sukan=3 kelab=3 kolej=3 sijil=3 peperiksaan=3
    majikan=3 insurans=3 bank_negara=3 skim=3 pelan=2 komuniti=3 aktiviti=3 identiti=3 fasiliti=3
    kapasiti=3 realiti=3 majoriti=3 minoriti=3 prioriti=3 sekuriti=3 integriti=3 elektrik=3 automatik=2
    persekutuan=2 kerajaan_persekutuan=3 perlembagaan=3 rang_undang-undang=3 kerajaan=1.5 kerajaan_negeri=3
    muhyiddin=3 anwar_ibrahim=2 mahathir=2 najib=2 bernama=0 tidak_dapat=0 ketua_pegawai_eksekutif=3
    bahagian=2 pegawai=0.5 perkhidmatan=3 kemudahan=2 penguatkuasaan=3 dikenakan=1.5 dibenarkan=2
    membenarkan=2 mendapati=1.5 sebelum_ini=1 ujar=0 jelasnya=1 katanya=0.5 tambahnya=1 menurutnya=0
    sambutan=1.5 borong=2 cemas=0.5 tertuduh=3 imigresen=3 kaunter=3 pasport=3 cuti=0.7 jepun=3 rakan=3
    membincangkan=2 perbincangan=1.5 menerajui=3 mengemas_kini=3 kemas_kini=3 senarai=3 orang_ramai=3 dataran=2
    bunga_api=3 berlepas=3 ketibaan=3 seramai=3 dijangka=2 jangkaan=3 dijadualkan=3 jadual=3 mengesahkan=1.5
    tempoh=3 tempatan=2 dikenal_pasti=3 mengenal_pasti=3 bekas=1 kanak-kanak=3 lelaki=2 isteri=3 warganegara=2
    kawasan=1 tandas=3 pusat_membeli-belah=3 pawagam=3 jualan=2 pengarah=2 pengurus=2 pengerusi=3
    naib_canselor=3 pensyarah=3 sekolah_rendah=3 markah=3 mengambil_kira=3 berlaku=1 wad=3 klinik_kesihatan=3
    kesihatan=3 kewangan=3 pengangkutan=3 kilang=3 pekebun=2 lori=3 motosikal=3 basikal=3 jalan_raya=2
    lebuh_raya=3 lebuhraya=3 trafik=3 kesesakan=3 jerebu=3 ribut=2 tengkujuh=3 membaiki=3 merasmikan=3 rasmi=3
    mendakwa=1.5 dakwaan=2 menafikan=3 memaklumkan=3 memberitahu=2 memandangkan=3 sejurus=3 kelmarin=2
    antaranya=2 suspek=3 kecemasan=1.5 hari_raya=1 sebilangan=3 sebahagian=3 pelbagai=3 tengah_hari=2 petang=1
    pekan=0`,
  id: `bahwa=3 karena=3 uang=3 bisa=1.5 pemerintah=3 saja=1 polisi=1 rumah_sakit=3 mobil=3 kantor=3 persen=3
    miliar=3 triliun=3 kemarin=3 mengatakan=1 karyawan=3 perusahaan=3 mahasiswa=2 kabupaten=3 kecamatan=3
    kelurahan=3 provinsi=3 wali_kota=3 walikota=3 gubernur=2 bupati=3 camat=3 senin=3 kamis=3 jumat=3
    agustus=3 juli=3 juni=3 desember=3 maret=3 nopember=3 pebruari=3 sepak_bola=3 pelatih=1.5 tim=2
    pertandingan=1 pemilu=3 pilkada=3 partai=3 dukungan=3 mendukung=3 setelah=0.7 sesudah=1.5 besok=3
    tahun_lalu=1 sekitar=0.7 berhasil=2 keberhasilan=3 coba=3 mencoba=3 paham=2 pikir=3 berpikir=3
    penelitian=3 peneliti=3 ilmuwan=3 dokter=3 obat=3 pasien=3 infeksi=2 wabah=2 kasus=3 kecelakaan=3
    korban=1.5 tentara=3 pengacara=3 advokat=2 jaksa=3 kejaksaan=3 korupsi=2 kpk=3 polri=3 tni=3 dpr=3
    mpr=3 bisnis=2 investasi=3 anggaran=3 pajak=3 ekspor=3 impor=3 telepon=3 daring=3 situs=2
    pariwisata=3 wisatawan=3 bandara=3 jalan_tol=3 kendaraan=3 perbatasan=2 luar_negeri=3 bapak=1 nggak=3
    gak=3 enggak=3 udah=3 banget=3 aja=3 dong=2 kok=2 sih=3 deh=3 lho=3 harus=1 agar=0.7 ketika=0.5
    saat=0.7 tersebut=0.7 menurut=0.5 yaitu=3 yakni=2 adalah=0.5 rupiah=3 rp=2 indonesia=2 jakarta=3
    surabaya=3 bandung=3 jawa=2 sumatera=3 kalimantan=2 sulawesi=3 papua=2 jokowi=3 prabowo=3
    joko_widodo=3 wakil_presiden=2 wakil=1 dinas=2 departemen=2 dewan_perwakilan_rakyat=3
    mahkamah_konstitusi=4 mahkamah_agung=4 pengadilan=3 warga=1 film=1.5 musik=2 olahraga=2 klub=2
    universitas=3 kualitas=3 aktivitas=3 komunitas=3 identitas=3 fasilitas=3 kapasitas=3 realitas=3
    mayoritas=3 minoritas=3 prioritas=3 stasiun=3 televisi=2 taksi=2 kampanye=3 proyek=3 informasi=1
    listrik=3 otomatis=3 konstitusi=1.5 kebijakan=3 asuransi=3 bank_indonesia=3 ojk=3 bumn=3 pertamina=3
    pemprov=3 pemkot=3 pemkab=3 sma=2 smp=2 lalu_lintas=1 ujarnya=1 jelas=0 katanya=0 kata=0.5
    dijelaskan=1 menjelaskan=0.5 pegawai_negeri_sipil=3 pns=3 aparat=2 pejabat=1 layanan=2 pelayanan=2
    kemudahan=0 diizinkan=2 mengizinkan=2 izin=2 menemukan=1 sebelumnya=0.5 hingga=0.5 tapi=1
    mantan=3 pria=2 istri=3 bioskop=3 sutradara=3 direktur=2 manajer=3 dosen=3 siswa=2 sekolah_dasar=3
    puskesmas=3 kesehatan=3 keuangan=3 transportasi=2 pabrik=3 pupuk=3 truk=3 sepeda_motor=3 sepeda=2
    kemacetan=3 macet=3 kabut_asap=2 badai=1 memperbaiki=1.5 meresmikan=3 resmi=3 jadwal=3 dijadwalkan=3
    diperkirakan=2 lokal=1.5 setempat=1.5 laki-laki=2 warga_negara=1 loket=3 paspor=3 imigrasi=2 libur=2
    jepang=3 rekan=2 membahas=2 pembahasan=2 memperbarui=3 publik=2 alun-alun=3 kembang_api=3
    diberangkatkan=2 terdakwa=3 tersangka=1 darurat=1 lebaran=3 sejumlah=1.5 sebagian=3 bagian=3
    berbagai=2 terjadi=1.5 usai=2 pekan=1 pekan_ini=2 sore=3 siang=1.5`,
};

/** Croatian, Bosnian and Serbian written in Latin letters. */
const HR_BS_SR: MarkerTable = {
  hr: `tisuća tisuću tisuće povijest* obitelj* tjedan* tjedn* kruh* sveučilišt* znanost* glazb* zrakoplov*
    vlak vlaka vlakom nogomet* kazališt* tvrtk* izvješć* sudjelov* sudjeluj* tko tijekom siječ* veljač*
    ožuj* travan* travnj* svib* lipan* lipnj* srpan* srpnj* kolovoz* rujan* rujn* listopad* studen*
    prosin* točno točka točke gospodarst* gospodarsk* udrug* veleposlan* zapovjedni* izbornik* obran*
    zastupni* sabor* župan* liječni* općenito sretan sretno stoljeć* tisućljeć* europ* kolodvor* zračn*
    nazoč* milijun* milijuna jest=1 hrvatsk*=3 hrvati=3 hrvata=3 zagreb*=3 split=1 splitu=2 rijeci=1
    dubrovni* osijek* hdz*=3 kuna=2 kune=2 plenković*=3 organizir*=1 informir*=1 definir*=1
    kvalificir*=1 reagir*=1 komunicir*=1 koncentrir*=1 financir*=1 analizir*=1 trebat=0.5 primjerice=2
    uopće=0.5 također=0.5 ravnatelj*=3 odvjetni*=3 pravosudn*=1 vijeće=1 bojnik=2 časni*=0 vojarn*=3
    mirovin*=3 umirovljen*=3 ured=1 tajni*=0.5 predsjedni*=0.5 stranka=0 je_li=1 premda=1 unatoč=2
    usprkos=1 zahvaljujući=0 ipak=0 dakako=2 naravno=0 tjedno=2 prošlog_tjedna=2 računal*=3 knjižnic*=3
    promet=1 prometn*=1.5 tvornic*=3 kemij*=3 kemijsk*=3 španjolsk*=3 švicarsk*=3 nizozemsk*=3 uvjet*=3 plin*=1
    tisak=2 tiska=2 putovnic*=3 iskaznic*=3 datotek*=3 glede=2 svezi=2 kojega=1 netko=3 nitko=3 itko=3
    svatko=3 proračun*=2 izvanredn*=1 obavijest*=1 naklad*=3 djelatni*=2 tajnik*=2 pročelni*=3 rh=1.5
    zadar*=3 šibeni*=3 varaždin*=3 slavonij*=3 slavonsk*=3 dalmacij*=3 dalmatinsk*=3 zagorj*=2 hrt=3
    priopć*=3 tužiteljstv*=3 dužnosni*=3 ubojstv*=3 ubojic*=3 unutarnj*=2 uhit*=3 uhić*=3 autocest*=3
    potres=2 potresa=2 potresu=2 postot*=3 euro=2 eura=2 euru=2 eurima=2 poduzeć*=3 poduzetni*=2
    odgojitelj*=3`,
  bs: `historij*=3 kahv*=3 lahko=3 mehko=3 sahat*=2 sedmic*=1.5 hljeb*=3 ljekar*=3 vijek=1 vijeka=1 bosn*=2
    bih=3 sarajev*=3 federacij*=1.5 fbih=3 kanton*=3 tuzl*=3 zenic*=3 mostar*=2 bihać*=3 bošnja*=3
    sda=3 allah*=2 dženaz*=3 džamij*=2 bajram*=3 ramazan*=3 namaz*=3 hadž*=3 sallallahu=3 alejhi=3
    radijallahu=3 efendij*=3 mešihat*=3 vakuf*=3 reisul*=3 islamsk*=1 km=1 konvertibiln*=3 općin*=0.5
    također=0.5 uopće=0.5 bezbjednost*=2 bezbjedn*=2 kazao=1.5 kazala=1.5 kazali=1.5 hoćemo=0
    policij*=0 stanovnik*=0 juni=1.5 juli=1.5 august=2 ljekov*=2 odbojk*=0 entitet*=3 dom_naroda=3
    parlamentarna_skupština=3 ohr=3 brčk*=3 travnik*=3 goražd*=3 srebrenic*=2
    izetbegović*=3 bošnjačk*=3 obavještenj*=2 saopćenj*=3 saopćen*=2 uposlen*=3 cazin*=3 konjic*=3
    bugojn*=3 kakanj*=3 živinic*=3 gračanic*=2 lukavc*=3 sanski_most=3 selam=3 merhaba=2 insan*=1.5
    dunjaluk*=3 akšam*=3 džemat*=3 mekteb*=3 medres*=3 hodž*=3 kur'an*=3 kuran*=2 ajet*=3 hadis*=3
    sunnet*=3 ummet*=3 šehid*=3 šerijat*=2`,
  sr: `takođe=3 uopšte=2 opštin*=1.5 istorij*=3 nedelj*=2 avgust*=3 jun=1.5 jul=1.5 srbij*=3 srpsk*=2
    beograd*=3 vučić*=3 novi_sad=2 novom_sadu=2 niš=1 nišu=2 kragujev*=3 dinar*=2 lekar*=3 lek=2 leka=2
    lekov*=2 hleb*=3 deca=3 decu=3 dece=3 vreme=3 vremena=1 reč=3 reči=3 pre=2 posle=3 dete=3 svet=2
    svetu=2 sveta=2 mesto=3 mestu=3 mesta=2 cena=3 cene=3 reka=2 reke=2 vest=2 vesti=2 uvek=3 gde=3
    predsednik*=3 mesec*=3 čovek*=3 telo=2 tela=2 delovanj*=2 deo=3 dela=0.5 lep*=1 sneg*=3 mleko=3
    hteo=3 htela=3 tačno=2 tačk*=2 bezbednost*=3 bezbedn*=3 spoljn*=3 inostran*=2 ambasad*=1 poslanik*=1
    skupštin*=1 privred*=1.5 preduzeć*=2 učestvov*=1.5 učestvuj*=1.5 fudbal*=1 pozorišt*=1 voz=1 vozom=1
    železni*=3 milion*=1 srećan=1 vek=2 veka=2 veku=2 sredstv*=0 biće=2 dobiće=2 imaće=2 moraće=2
    ovde=3 onde=3 negde=3 nigde=3 svuda=0 ponedeljak*=2 utorak=0 sreda=2 sredu=2 četvrtak=0 mera=2
    mere=2 meru=2 meri=1 uslov*=1 saopštenj*=2 saopšti*=2 obaveštenj*=3 obavešt*=2 primer*=2 razume*=2
    videti=3 vide=0 želeo=3 želela=3 živeo=3 živela=3 belo=2 beli=2 bela=2 nedeljno=2 obezbedi*=3
    verovatn*=3 vera=1 veru=1 stvarnost=0 hrišćan*=3 nemačk*=3 nemač*=2 odsto=3
    sproved*=1.5 sprovest*=1.5 sproveo=1.5 sprovel*=1.5 sprovodit*=1.5 *aćemo=1.5 *ićemo=1.5 *aćete=1.5
    *ićete=1.5`,
  'bs sr': `hiljad*=2.5 porodic*=2.5 univerzitet*=2 nauk*=1.5 muzik*=1.5 avion*=0.5 izvještaj*=1 izveštaj*=1
    tokom=2 ko=1.5 šta=2.5 januar*=2 februar*=2 mart*=1 septembar*=2 oktobar*=2 novembar*=2 decembar*=2
    organizov*=1.5 informis*=1 definis*=1 finansij*=1.5 analiz*=0 komandant*=1 odbran*=2 udruženj*=1.5
    uslov*=0 stanic*=0.5 aerodrom*=1 tačno=0 saradnj*=2 saradnik*=2 sarađ*=2 da_li=1.5 trebalo=0
    evrop*=2 ambasad*=1 ambasador*=1 poslani*=1 skupštin*=1 privred*=1 preduzeć*=1 prisustv*=1.5
    van=0.5 kafa=2 kafu=2 fudbal*=1 pozorišt*=1 voz=1 vozom=1 milion*=1 milijard*=0 srećan=1 opasnost=0
    računar*=3 bibliotek*=2 saobraćaj*=3 fabrik*=2 hemij*=3 hemijsk*=3 španij*=3 španski=2 švajcarsk*=3
    holandij*=3 holandsk*=2 uslov*=2 gas=1 penzij*=2 penzioner*=2 oficir*=2 štamp*=2 sprat*=3 pasoš*=3
    lična_karta=3 neko=1.5 niko=2 iko=1.5 svako=1.5 budžet*=1.5 dodik*=3 snsd=3 banja_luka=2 banjaluk*=2
    republika_srpska=2 republike_srpske=2 treba_da=1.5 mora_da=1.5 može_da=1.5 moraju_da=1.5 želi_da=1.5
    žele_da=1.5 hoće_da=1.5 počeo_da=1.5 počela_da=1.5 izdavač*=1.5 direktor*=1 sekretar*=1.5
    bijeljin*=2 doboj*=2 prijedor*=2 ekonomsk*=0.5
    tužilašt*=2 zvaničn*=2 ubistv*=3 ubic*=2 unutrašnj*=2 uhapš*=3 hapš*=2 hapsi*=2 autoput*=2 zemljotres*=3
    procenat=3 procenta=2 procenata=3 procentu=2 procentualn*=3 evro=2 evra=2 evru=2 evrima=2 veoma=1.5
    juče=1.5 komšij*=2 plata=1 platu=1 firma=1 firme=1 firmu=1 vaspit*=2`,
  'hr bs': `općin*=1 vanjsk*=2 izvan=0.5 tijelo=1 djelovanj*=1 mjesec*=1 čovjek*=1 vrijeme=1 riječ*=1
    prije=1 poslije=1 dijete=1 djeca=1 djecu=1 svijet*=1 mjesto=1 mjestu=1 cijen*=1 rijek*=0.5
    vijest*=1 uvijek=1 gdje=1 predsjedni*=1 lijep*=1 snijeg*=1 mlijek*=1 dio=1 dijel*=1 bijel*=1
    također=1 uopće=1 jučer=1 sigurnost*=1 kava=1 kavu=1 kaže=0 želio=1 živio=1 vidjeti=1 ovdje=1
    negdje=1 nigdje=1 razumje*=1 vjerojatn*=1 vjerovatn*=1 mjer*=1 osigur*=1 primjer*=1 obavijest*=1
    kršćan*=1.5 njemačk*=2 njemač*=1 bit_će=1.5 bit_ću=1.5 bit_ćemo=1.5 bit_ćete=1.5 imat_će=1.5
    morat_će=1.5 trebat_će=1.5 postat_će=1.5 ostat_će=1.5 dobit_će=1.5 održat_će=1.5`,
};

/** Bokmål, Nynorsk and Danish: function words and the spellings each standard fixed. */
const NB_NN_DA: MarkerTable = {
  nn: `ikkje=3 eg=3 ein=1.5 eit=1.5 kva=3 kvifor=3 korleis=3 frå=3 berre=3 mykje=3 noko=3 nokon=3 nokre=3 vere=2
    vore=1 ho=2 dei=2 sjølv=2 heile=1.5 kvar=0.5 kven=3 medan=3 difor=3 òg=3 seier=2 gjer=2 hjå=3 fleire=3
    desse=3 utan=3 saman=3 tenkje=3 døme=3 verksemd=3 framleis=3 kjem=3 gjekk=3 fekk=3 vart=1 eigen=3
    eigne=3 eige=3 no=1 me=1 dykk=3 dykkar=3 hennar=3 deira=3 honom=3 fyrst=3 fyrste=3 mogleg=3
    skulle=0 sidan=3 sjå=3 spørsmål=1 tida=1 *ane=0.5 *inga=0.3`,
  nb: `hva=3 mye=3 noe=2 noen=2 sier=3 gjør=3 flere=2 uten=2 sammen=2 eksempel=2 virksomhet=3 etter=1
    mellom=1.5 ble=3 fikk=1.5 gikk=1.5 hadde=1.5 nå=2 enn=2 hennes=2 deres=1 ham=1 første=1.5 mulig=2
    siden=1.5 se=0.5 spørsmål=1 tiden=1 *ene=0.5 *ingen=0.5 *sjon=1 *sjonen=1 *sjoner=1 veldig=2 uke=2 uken=2
    uker=2 ukene=2 fremdeles=2 samme=1.5`,
  da: `hvad=3 meget=2 nogle=3 noget=3 nogen=3 efter=3 mellem=3 spørgsmål=3 sige=3 siger=3 gør=3 gøre=3
    af=3 blev=3 fik=3 gik=3 havde=3 nu=3 end=2 hendes=2 jer=3 mig=3 dig=3 sig=2 ham=1 første=1.5 muligt=2
    siden=1.5 tiden=1 *tion=2 *tionen=2 *tioner=2 *hed=1.5 *heden=2 *heder=2 københavn*=3
    dansk*=2 danmark*=2 folketing*=3 regeringen=2 statsminister=1 både=1 være=0.5 kunne=0 også=0`,
  'nb nn': `av=2.5 blei=1 norsk*=2 norge*=2 oslo*=2 bergen*=1 stortinget=3 regjeringa=2 regjeringen=2
    statsminister=1 kommune*=0.5 fylke*=3 *sjon=1 *sjonen=1 *sjonar=1 *sjoner=1`,
  'nb da': `ikke=3 jeg=3 hun=2 selv=1.5 hele=1 hver=1.5 hvem=2 hvordan=2 mens=2 derfor=2 også=1 fra=2
    bare=2 være=1.5 vært=2 hos=2 disse=1.5 de=0.5 en=0.5 et=0.5 sin=0 den=0 hvis=2 hvor=2 hvorfor=3 hvilke=2
    hvilken=2 hvert=1.5 kommer=2 mennesker=2 tror=1 skrev=1.5`,
  'nn da': `me=0`,
};

/** Czech and Slovak: the function words and spellings that differ, and the letters only one writes. */
const CS_SK: MarkerTable = {
  cs: `se=1 který*=3 která=3 které=3 kterou=3 jsou=3 jsem=3 jsme=3 jste=3 není=2 také=2 pro=2 jak=2 když=3
    podle=3 jen=2 může=3 byl=2 byla=2 bylo=2 byli=2 jejich=2 této=3 ještě=3 již=2 mezi=2 nebo=2 protože=3
    co=2 tedy=3 během=3 první=3 lidé=3 lidí=3 člověk*=3 řekl*=3 ministr=2 praha=2 praze=2 česk*=2 čech*=2
`,
  sk: `sa=2 ktor*=3 sú=3 som=3 sme=3 ste=3 tiež=3 pre=2 ako=2 keď=3 podľa=3 len=2 môže=3 bol=2 bola=2
    bolo=2 boli=2 ich=1 tejto=3 ešte=3 medzi=2 alebo=3 pretože=3 čo=3 teda=3 počas=3 prvý=3 prvá=3 ľudia=3
    ľudí=3 človek*=3 povedal*=2 minister=2 bratislav*=2 slovensk*=2 slovák*=2`,
};

/** Hindi and Marathi: their commonest function words, which differ. */
const HI_MR: MarkerTable = {
  hi: `है=3 हैं=3 और=3 नहीं=2 में=2.5 के=1 की=1 का=0.5 को=1.5 से=1.5 यह=1.5 था=2 थे=2 थी=2 किया=2.5
    गया=2.5 गई=2.5 लिए=2.5 कहा=2.5 भी=1 वह=1.5 रहा=2 रही=2 करने=2 होने=2 जाने=2 बताया=3 हुआ=2.5 हुई=2.5
    अपने=2 उन्होंने=3 इस=1.5 उस=1.5 जो=1 कि=1.5 तो=0.5 साथ=1.5 बाद=1.5 लेकिन=2.5 क्योंकि=3 सकते=2`,
  mr: `आहे=3 आहेत=3 आणि=3 नाही=2.5 मध्ये=3 केले=2.5 होते=1.5 झाले=3 झाली=3 झाला=3 त्यांनी=2.5 त्यांच्या=3
    करण्यात=3 यांनी=2.5 आली=2 आला=1.5 असे=1.5 असून=3 म्हणून=3 म्हणाले=3 सांगितले=3 या=1 व=1 हा=1.5
    ही=1 तर=1 पण=2 कारण=1.5 आता=2 त्या=1.5 त्याच्या=3 तसेच=3 येथे=3 महाराष्ट्र*=2 *च्या=1.5`,
  ne: `छ=3 छन्=3 छैन=3 हो=1 थियो=3 थिए=3 भएको=3 गरेको=3 गर्न=3 गरे=2 गरी=2 भने=2 पनि=2 र=1.5 तथा=2 लागि=3
    मा=1 ले=1.5 को=0.5 यो=1.5 त्यो=1.5 उनी=2 उनले=3 उनको=3 हरू=2 *हरू=2 *हरूको=3 *हरूले=3 नेपाल*=2 काठमाडौं*=3
    सरकारले=3 प्रधानमन्त्री=1 बताए=3 बताइन्=3 बताउनुभयो=3 गर्नुभयो=3 हुन्छ=3 हुने=2 गर्ने=2 जना=2 रुपैयाँ=3`,
};

/**
 * Serbian and Macedonian in Cyrillic: without ђ ћ (Serbian) or ѓ ќ ѕ (Macedonian) in a sentence, the
 * words that only one of them uses: Serbian је, су, у, није and its -ија/-ије spellings; Macedonian
 * е, во, беше, кога and its definite articles.
 */
const SR_MK: MarkerTable = {
  sr: `је=2 су=2 није=3 нису=3 у=1.5 који=2 које=2 када=2 због=2 веома=2 такође=3 између=3 после=2 године=1
    данас=1.5 рекао=2 рекла=2 шта=2 овде=2 овај=1.5 србиј*=2 београд*=2`,
  mk: `е=1.5 во=2.5 беше=3 беа=3 кога=2 кој=2 денес=2 рече=2 помеѓу=3 според=1 годинава=3 исто_така=2 овој=2
    оваа=2 тоа=1.5 нив=2 македониј*=2 скопје=2 *ите=0.7 *ата=0.5 *от=0.5`,
};

/**
 * The reflex of old *ě, the surest sign of Serbian (ekavian: mleko, vreme, dete) against Croatian and
 * Bosnian (ijekavian: mlijeko, vrijeme, dijete). Pairs of ekavian and ijekavian words or stems (`*`).
 * An ekavian form counts 3 nats: the Bosnian and Croatian standards are ijekavian only, so it is near
 * proof, where most Serbian vocabulary (hiljada, ko, šta) is shared with Bosnian. (At 2 nats, UDHR
 * sr-Latn 64.4% and bs sentences 37.6%; at 3, 67.8% and 37.5%.)
 */
const YAT_PAIRS = `sled*/sljed* posled*/posljed* predsed*/predsjed* povređ*/povrijeđ* ozleđ*/ozlijeđ* reš*/rješ*
  deo/dio delov*/dijelov* delim*/djelom* delovanj*/djelovanj* delat*/djelat* mesec*/mjesec* vreme/vrijeme
  vek/vijek veka/vijeka veku/vijeku reč/riječ reči/riječi cena/cijena cene/cijene cenu/cijenu cenama/cijenama
  lek/lijek leka/lijeka lekov*/lijekov* lekar*/ljekar* leč*/liječ* sever*/sjever* sedišt*/sjedišt*
  uspeh*/uspjeh* uspeš*/uspješ* primen*/primjen* promen*/promjen* izmen*/izmjen* nepromen*/nepromijen*
  namer*/namjer* mera/mjera mere/mjere meru/mjeru merama/mjerama meren*/mjeren* pesm*/pjesm* pesni*/pjesni*
  zamen*/zamjen* sreda/srijeda vest/vijest vesti/vijesti vestima/vijestima svest*/svijest* pobed*/pobjed*
  izbeg*/izbjeg* odelj*/odjelj* telo/tijelo tela/tijela telu/tijelu gde/gdje ovde/ovdje negde/negdje
  nigde/nigdje svugde/svugdje nedelj*/nedjelj* dete/dijete deca/djeca dece/djece decu/djecu devojk*/djevojk*
  leto/ljeto leta/ljeta letu/ljetu lep*/lijep* mlek*/mlijek* reka/rijeka reke/rijeke reku/rijeku hteo/htio
  htela/htjela hteli/htjeli videti/vidjeti želeti/željeti želeo/želio živeti/živjeti živeo/živio sedeti/sjediti
  pre/prije posle/poslije dvesta/dvjesto dvesto/dvjesto uvek/uvijek celo*/cijelo* celi/cijeli cela/cijela ceo/cio
  beo/bijel bela/bijela belo/bijelo beli/bijeli bele/bijele sme/smije razume*/razumje* umetn*/umjetn*
  svet/svijet sveta/svijeta svetu/svijetu svetom/svijetom primer*/primjer* obaveštenj*/obavještenj*
  izveštaj*/izvještaj* savet*/savjet* ocen*/ocjen* procen*/procjen* napred/naprijed savest*/savjest*
  verov*/vjerov* veruj*/vjeruj* verni*/vjerni* čovek*/čovjek* vređ*/vrijeđ* vetar/vjetar
  vetra/vjetra sneg*/snijeg* bežan*/bježan* cvet*/cvijet* zvezd*/zvijezd* seć*/sjeć* smer*/smjer*
  mest*/mjest* obolel*/oboljel*
  posetil*/posjetil* poset*/posjet* sletel*/sletjel* sleteo/sletio belešk*/bilješk* pevač*/pjevač*`;

function yatTable(): MarkerTable {
  const ekavian: string[] = [];
  const ijekavian: string[] = [];
  for (const pair of YAT_PAIRS.split(/\s+/)) {
    const [e, ije] = pair.split('/');
    if (!e || !ije || e === ije) continue;
    ekavian.push(`${e}=3`);
    ijekavian.push(`${ije}=1.5`);
  }
  return { sr: ekavian.join(' '), 'hr bs': ijekavian.join(' ') };
}

interface Marker {
  languages: readonly string[];
  weight: number;
}

export interface MarkerSet {
  exact: Map<string, Marker[]>;
  prefixes: [string, Marker][];
  suffixes: [string, Marker][];
  phrases: [string, Marker][];
  /** The same markers without diacritics, for text written without them (see markerEvidence). */
  folded?: MarkerSet;
}

/**
 * Czech, Slovak, Croatian or Serbian typed without diacritics ("ktery", "tisuca"), as in comments,
 * texts from phones and some sites: the letters go, the words stay. đ is written dj.
 */
export const foldDiacritics = (word: string) => word.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'dj');
/** Words here are lowercase letters: one of a to z alone was typed without diacritics. */
export const isPlainAscii = (word: string) => /^[a-z]*$/.test(word);

function compile(table: MarkerTable, foldable: boolean): MarkerSet {
  // One marker per pattern and group: a later entry (the yat list) replaces an earlier one.
  const byKey = new Map<string, [string, Marker]>();
  for (const [group, entries] of Object.entries(table)) {
    const languages = group.split(' ');
    for (const entry of entries.split(/\s+/)) {
      if (!entry) continue;
      const [pattern = '', weightText] = entry.split('=');
      byKey.set(`${group}|${pattern}`, [pattern, { languages, weight: weightText === undefined ? 2 : Number(weightText) }]);
    }
  }
  const set = build(byKey.values());
  if (!foldable) return set;
  // Folded, two markers can become one pattern (Czech co and Slovak čo): one that then points to
  // different languages says nothing and is dropped; within a group the stronger one stays. A pattern
  // listed in two groups on purpose (voz for sr and for bs sr) stays in both, as unfolded.
  const byFolded = new Map<string, [string, Marker][]>();
  for (const entry of byKey.values()) {
    const key = foldDiacritics(entry[0]);
    byFolded.set(key, [...(byFolded.get(key) ?? []), entry]);
  }
  const folded: [string, Marker][] = [];
  for (const [key, entries] of byFolded) {
    if (new Set(entries.map(([pattern]) => pattern)).size === 1) {
      for (const [, marker] of entries) folded.push([key, marker]);
    } else if (new Set(entries.map(([, marker]) => marker.languages.join(' '))).size === 1) {
      folded.push([key, entries.reduce((a, b) => (b[1].weight > a[1].weight ? b : a))[1]]);
    }
  }
  set.folded = build(folded);
  return set;
}

function build(entries: Iterable<[string, Marker]>): MarkerSet {
  const set: MarkerSet = { exact: new Map(), prefixes: [], suffixes: [], phrases: [] };
  for (const [pattern, marker] of entries) {
    if (marker.weight === 0) continue;
    // Words are split at hyphens too: "kanak-kanak" is the phrase "kanak kanak".
    if (/[_-]/.test(pattern)) set.phrases.push([` ${pattern.replace(/[_-]/g, ' ')} `, marker]);
    else if (pattern.endsWith('*')) set.prefixes.push([pattern.slice(0, -1), marker]);
    else if (pattern.startsWith('*')) set.suffixes.push([pattern.slice(1), marker]);
    else set.exact.set(pattern, [...(set.exact.get(pattern) ?? []), marker]);
  }
  return set;
}

const compiled = new Map<MarkerTable, MarkerSet>();
/**
 * `foldable`: the languages write a diacritic in nearly every sentence, so a sentence without one was
 * typed without them. Not so for Norwegian or Danish, where many a sentence has no æ, ø or å.
 */
const markers = (table: MarkerTable, foldable = false) => () => {
  const set = compiled.get(table) ?? compile(table, foldable);
  compiled.set(table, set);
  return set;
};
export const indonesianMalayMarkers = markers(ID_MS);
const HR_BS_SR_WITH_YAT: MarkerTable = (() => {
  const yat = yatTable();
  const merged: MarkerTable = { ...HR_BS_SR };
  for (const [group, entries] of Object.entries(yat)) merged[group] = `${merged[group] ?? ''} ${entries}`;
  return merged;
})();
export const croatianBosnianSerbianMarkers = markers(HR_BS_SR_WITH_YAT, true);
export const norwegianDanishMarkers = markers(NB_NN_DA);
export const hindiMarathiMarkers = markers(HI_MR);
export const czechSlovakMarkers = markers(CS_SK, true);
export const serbianMacedonianMarkers = markers(SR_MK);

/**
 * Evidence in nats per language from the markers found in these lowercase words. A word counts once
 * per marker however often it repeats, so one name repeated in a headline does not decide alone. Text
 * without a single diacritic is matched against the markers with theirs removed.
 */
export function markerEvidence(markers: MarkerSet, words: readonly string[]): Map<string, number> {
  // A text with no letter outside ASCII was typed without diacritics: match it against folded markers.
  const set = markers.folded && words.every(isPlainAscii) ? markers.folded : markers;
  const evidence = new Map<string, number>();
  const seen = new Set<Marker>();
  const add = (marker: Marker) => {
    if (seen.has(marker)) return;
    seen.add(marker);
    for (const language of marker.languages) evidence.set(language, (evidence.get(language) ?? 0) + marker.weight);
  };
  for (const word of words) {
    for (const marker of set.exact.get(word) ?? []) add(marker);
    for (const [prefix, marker] of set.prefixes) if (word.startsWith(prefix)) add(marker);
    for (const [suffix, marker] of set.suffixes) if (word.length > suffix.length + 1 && word.endsWith(suffix)) add(marker);
  }
  if (set.phrases.length > 0 && words.length > 1) {
    const joined = ` ${words.join(' ')} `;
    for (const [phrase, marker] of set.phrases) if (joined.includes(phrase)) add(marker);
  }
  return evidence;
}
